// The packed SDK in a real browser: bundled with esbuild (as an app would ship it) into a page
// served from one loopback origin, calling the sandbox on another, which allows that origin by
// CORS. Headless Chromium runs fixtures/scenario.mjs there with dangerouslyAllowBrowser: true.
import { readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { CHROMIUM, CHROMIUM_INSTALL, haveChromium, launchChromium } from "../support/chromium.js";
import { expectScenario, sandboxOptions, scenarioConfig, type ScenarioResult } from "./expectations.js";
import { bundle, prepareConsumer, requireRuntime, stopEsbuild } from "./harness.js";

/** Bound on one call into the page; far above the ~100 ms the scenario takes. */
const PAGE_CALL_TIMEOUT_MS = 60_000;
let consumer: string | undefined;
let pageServer: Server | undefined;
let sandbox: SandboxServer | undefined;
let browser: Browser | undefined;
let page: Page;
let setupMs = 0;
/** Uncaught errors and console output of the page, for failure messages. */
const pageLog: string[] = [];

/** Serves the page and its bundle from the consumer project; anything else is a 404. */
async function servePage(dir: string): Promise<{ server: Server; origin: string }> {
  const files: Record<string, [string, string]> = {
    "/": [join(dir, "index.html"), "text/html; charset=utf-8"],
    "/page.js": [join(dir, "page.js"), "text/javascript; charset=utf-8"],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": file[1] }).end(readFileSync(file[0]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** page.evaluate has no timeout of its own: a page that never settles fails with what it logged. */
async function inPage<T>(what: string, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${PAGE_CALL_TIMEOUT_MS / 1000} s.\n--- page log ---\n${pageLog.join("\n")}`)), PAGE_CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call(), timeout]);
  } catch (error) {
    throw new Error(`${what} failed: ${String(error)}\n--- page log ---\n${pageLog.join("\n")}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  if (!haveChromium) {
    if (process.env.CI !== "true") console.warn(`Ecosystem browser test skipped: Chromium not installed. ${CHROMIUM_INSTALL}`);
    return;
  }
  const started = performance.now();
  consumer = await prepareConsumer("ecosystem-browser");
  await bundle(consumer, "page.mjs", "page.js", "browser");
  const served = await servePage(consumer);
  pageServer = served.server;
  // CORS for the page's origin only, as a deployed API would allow one app.
  sandbox = await startSandbox({ ...sandboxOptions, cors: [served.origin] });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on("pageerror", (error) => pageLog.push(`pageerror: ${String(error)}`));
  page.on("console", (message) => pageLog.push(`console.${message.type()}: ${message.text()}`));
  await page.goto(`${served.origin}/`, { timeout: PAGE_CALL_TIMEOUT_MS });
  await page.waitForFunction(() => "runScenario" in globalThis, undefined, { timeout: PAGE_CALL_TIMEOUT_MS });
  setupMs = performance.now() - started;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve(undefined)));
  await stopEsbuild();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe(`the packed SDK bundled by esbuild, in Chromium (${CHROMIUM})`, () => {
  test("refuses to build a client in the page without dangerouslyAllowBrowser, saying why", async (ctx) => {
    requireRuntime(ctx, "Chromium", CHROMIUM, CHROMIUM_INSTALL);
    const credentials = { apiKey: sandbox!.apiKey, baseURL: sandbox!.url };
    const thrown = await inPage("constructWithoutOptIn", () => page.evaluate((options) => (globalThis as unknown as { constructWithoutOptIn(o: typeof options): unknown }).constructWithoutOptIn(options), credentials));
    expect(thrown).toMatchObject({ name: "AymaraAIError", isAymaraAIError: true, message: expect.stringContaining("dangerouslyAllowBrowser: true") });
  }, 120_000);

  test("with dangerouslyAllowBrowser: lists every run once and in order across CORS, gets a typed 401, and a RequestValidationError that sent nothing", async (ctx) => {
    requireRuntime(ctx, "Chromium", CHROMIUM, CHROMIUM_INSTALL);
    const config = scenarioConfig(sandbox!, { dangerouslyAllowBrowser: true });
    const started = performance.now();
    const result = await inPage("runScenario", () => page.evaluate((c) => (globalThis as unknown as { runScenario(c: unknown): Promise<ScenarioResult> }).runScenario(c), config));
    await ctx.annotate(`Chromium: ${Math.round(setupMs)} ms to install, bundle, launch and load; scenario ${Math.round(performance.now() - started)} ms`);

    expect(result.runtime).toMatch(/\bHeadlessChrome\/\d+\./);
    // Only this page talks to this sandbox; preflights are answered without being recorded.
    expectScenario(result, sandbox!, sandbox!.requests);
    expect(pageLog.filter((line) => line.startsWith("pageerror"))).toEqual([]);
  }, 120_000);
});
