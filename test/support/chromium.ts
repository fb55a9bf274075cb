// Debian's Chromium, driven by playwright-core (never a downloaded browser): shared by the tests
// that need a real browser (docs, ecosystem).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_INSTALL = "apt-get install -y --no-install-recommends chromium";
export const haveChromium = existsSync(CHROMIUM);

/** Headless, as root on these machines; Playwright gives every launch a fresh temporary profile (--user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: 60_000,
  });
}
