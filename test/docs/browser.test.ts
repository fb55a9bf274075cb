import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { buildDocs } from "../../scripts/docs.js";
import spec from "../../generated/openapi.json" with { type: "json" };
import { CHROMIUM, CHROMIUM_INSTALL as INSTALL_COMMAND, haveChromium, launchChromium } from "../support/chromium.js";

// The published docs, rendered by a real browser with the network switched off: what a reader
// sees when opening dist/docs/index.html from disk. Expectations come from the spec, not from copies.

const UI_TIMEOUT = 30_000;

/** On CI a missing browser is a broken machine; elsewhere the test is skipped with the fix. */
function requireChromium(ctx: TestContext): void {
  if (haveChromium) return;
  if (process.env.CI === "true") throw new Error(`Chromium is missing at ${CHROMIUM} on CI (.ci/run installs it): ${INSTALL_COMMAND}`);
  ctx.skip(`Chromium not installed: ${INSTALL_COMMAND}`);
}

type JsonObject = Record<string, unknown>;
const deref = (node: unknown): JsonObject => {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as JsonObject;
  return ref.slice(2).split("/").reduce<unknown>((at, key) => (at as JsonObject)[key], spec) as JsonObject;
};
const [path, pathItem] = Object.entries(spec.paths)[0]!;
const [method, operation] = Object.entries(pathItem)[0]!;
const queryParameters = operation.parameters.map(deref).filter((parameter) => parameter.in === "query") as { name: string; description: string }[];
const responseCodes = Object.keys(operation.responses);
const typescriptSample = operation["x-codeSamples"].find((sample) => sample.lang === "TypeScript")!;
// The 200 body is a page: its array property holds the eval runs (EvalRunResult).
const pageSchema = deref(operation.responses["200"].content["application/json"].schema);
const [itemsProperty, itemsSchema] = Object.entries(pageSchema.properties as Record<string, JsonObject>).find(([, schema]) => schema.type === "array")!;
const runFields = Object.keys(deref(itemsSchema.items).properties as JsonObject);

const normalizeSpace = (text: string) => text.replace(/\s+/g, " ").trim();

let outDir: string | undefined;
let browser: Browser | undefined;
let page: Page;
/** Non-file requests that reached the network layer (each is aborted there). */
const reachedNetwork: string[] = [];
/** Non-file requests the page started, and those that completed. */
const attempted: string[] = [];
const completed: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!haveChromium) {
    // The skip note only shows with the verbose reporter; say it once in any reporter.
    if (process.env.CI !== "true") console.warn(`Docs browser test skipped: Chromium not installed. ${INSTALL_COMMAND}`);
    return;
  }
  outDir = mkdtempSync(join(tmpdir(), "aymara-docs-browser-"));
  const { html } = await buildDocs({ specPath: join(import.meta.dirname, "..", "..", "spec", "openapi.yaml"), outDir });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.setOffline(true);
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    reachedNetwork.push(url);
    return route.abort("blockedbyclient");
  });
  page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  page.on("request", (request) => void (request.url().startsWith("file:") || attempted.push(request.url())));
  page.on("requestfinished", (request) => void (request.url().startsWith("file:") || completed.push(request.url())));
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(pathToFileURL(html).href);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe("published spec docs in headless Chromium, offline", () => {
  test("shows the operation and its query parameters", async (ctx) => {
    requireChromium(ctx);
    // Like a reader: follow the tag's operation link to the operation.
    await page.getByRole("link", { name: `${method} ${path}` }).click();
    await page.getByRole("heading", { name: operation.summary }).waitFor();
    expect(queryParameters.map((parameter) => parameter.name)).toEqual(["eval_uuid", "workspace_uuid", "limit", "offset"]);
    for (const { name, description } of queryParameters) {
      const row = page.locator("div", { has: page.getByText(description, { exact: true }) }).filter({ hasText: name }).last();
      await row.waitFor();
      expect(await row.getByText(name, { exact: true }).isVisible(), `query parameter ${name}`).toBe(true);
    }
  }, 60_000);

  test("lists every response code", async (ctx) => {
    requireChromium(ctx);
    expect(responseCodes).toHaveLength(10);
    const tabs = page.getByRole("tablist", { name: "Response status" });
    for (const code of responseCodes) await tabs.getByRole("tab", { name: code, exact: true }).waitFor();
    expect(await tabs.getByRole("tab").allInnerTexts()).toEqual(responseCodes);
  }, 60_000);

  test("shows the TypeScript code sample first, as written in the spec", async (ctx) => {
    requireChromium(ctx);
    const firstLine = typescriptSample.source.split("\n")[0]!;
    const code = page.locator("code", { hasText: firstLine }).first();
    await code.waitFor();
    expect(normalizeSpace(await code.innerText())).toBe(normalizeSpace(typescriptSample.source));
    expect(await page.getByRole("button", { name: typescriptSample.label, exact: true }).isVisible()).toBe(true);
  }, 60_000);

  test("expanding the 200 response shows the eval run's fields", async (ctx) => {
    requireChromium(ctx);
    const tabs = page.getByRole("tablist", { name: "Response status" });
    await tabs.getByRole("tab", { name: "401", exact: true }).click();
    const firstField = page.getByText(`${itemsProperty}[].${runFields[0]}`, { exact: true });
    expect(await firstField.isVisible()).toBe(false);
    await tabs.getByRole("tab", { name: "200", exact: true }).click();
    await page.getByRole("button", { name: "Expand all" }).first().click();
    expect(runFields).toContain("eval_run_uuid");
    for (const field of runFields) await page.getByText(`${itemsProperty}[].${field}`, { exact: true }).waitFor();
  }, 60_000);

  test("renders without script errors and without reaching the network", async (ctx) => {
    requireChromium(ctx);
    expect(pageErrors).toEqual([]);
    // Nothing got past the page's Content-Security-Policy to the network layer...
    expect(reachedNetwork).toEqual([]);
    // ...and whatever the page tried (Redoc's attribution logo from cdn.redoc.ly) never loaded.
    expect(completed).toEqual([]);
    expect(attempted.every((url) => url.startsWith("https://cdn.redoc.ly/"))).toBe(true);
  }, 60_000);
});
