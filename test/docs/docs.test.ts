import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildDocs, codeSampleLanguages, DOCS_CONTENT_SECURITY_POLICY, type DocsFiles } from "../../scripts/docs.js";
import spec from "../../generated/openapi.json" with { type: "json" };

// The published spec docs must render with no network at all: readers open the page from disk,
// from an intranet, or offline. These checks read the HTML; test/docs/browser.test.ts renders it.

const specPath = join(import.meta.dirname, "..", "..", "spec", "openapi.yaml");
let outDir: string;
let files: DocsFiles;
let html: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "aymara-docs-"));
  files = await buildDocs({ specPath, outDir });
  html = readFileSync(files.html, "utf8");
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Absolute http(s) or protocol-relative ("//host") URL. */
const isRemote = (url: string) => /^\s*["']?\s*(https?:)?\/\//i.test(url);

function attributeValues(tagPattern: RegExp, attribute: string): string[] {
  const attributePattern = new RegExp(`\\s${attribute}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s>]+)`, "i");
  return [...html.matchAll(tagPattern)].flatMap((tag) => {
    const value = attributePattern.exec(tag[0])?.[1];
    return value === undefined ? [] : [value.replace(/^["']|["']$/g, "")];
  });
}

/** Options the page hands to Redoc's hydrate(); written by build-docs as one JSON literal. */
function redocOptions(): Record<string, unknown> {
  const literal = /const __redoc_options = (\{.*?\});\n/.exec(html)?.[1];
  expect(literal, "the page hydrates Redoc with __redoc_options").toBeDefined();
  return JSON.parse(literal ?? "{}") as Record<string, unknown>;
}

describe("published spec docs (npm run docs)", () => {
  test("loads no script or stylesheet from the network", () => {
    const scripts = attributeValues(/<script\b[^>]*>/gi, "src");
    const links = attributeValues(/<link\b[^>]*>/gi, "href");
    expect(scripts.filter(isRemote)).toEqual([]);
    expect(links.filter(isRemote)).toEqual([]);
    // Redoc itself is inlined (--inlineBundle), not imported from its CDN.
    expect(html).toMatch(/<script type="module">\s*[^<]*\S/);
    expect(html).not.toContain("cdn.redocly.com/redoc");
  });

  test("embeds its fonts and imports no CSS from the network", () => {
    const fontFaces = html.match(/@font-face\s*\{[^}]*\}/gi) ?? [];
    const fontUrls = fontFaces.flatMap((block) => [...block.matchAll(/url\(\s*([^)]*)\)/gi)].map((match) => match[1] ?? ""));
    const cssImports = [...html.matchAll(/@import\s+(?:url\(\s*)?(["']?[^"'\s;)]+)/gi)].map((match) => match[1] ?? "");
    expect(fontUrls.length, "the page declares its icon font").toBeGreaterThan(0);
    expect(fontUrls.filter((url) => !/^["']?data:/i.test(url))).toEqual([]);
    expect(cssImports.filter(isRemote)).toEqual([]);
  });

  test("forbids every network source with a Content-Security-Policy, first thing in <head>", () => {
    expect(html).toMatch(new RegExp(`<head>\\s*<meta http-equiv="Content-Security-Policy" content="${DOCS_CONTENT_SECURITY_POLICY}" />`));
    for (const directive of DOCS_CONTENT_SECURITY_POLICY.split("; ")) expect(directive).not.toMatch(/https?:|\*|'self'/);
  });

  test("turns Redoc's page telemetry off", () => {
    expect(redocOptions().disableTelemetry).toBe(true);
  });

  test("carries the spec's title and version", () => {
    expect(html).toContain(`<title>${spec.info.title}</title>`);
    expect(html).toContain(`${spec.info.title} (${spec.info.version})`);
  });

  test("puts the bundled spec beside the page as openapi.json and openapi.yaml, and links both", () => {
    const json: unknown = JSON.parse(readFileSync(files.json, "utf8"));
    expect(json).toEqual(spec);
    expect(parseYaml(readFileSync(files.yaml, "utf8"))).toEqual(spec);
    expect(redocOptions().downloadUrls).toEqual([
      { title: "OpenAPI (YAML)", url: "openapi.yaml" },
      { title: "OpenAPI (JSON)", url: "openapi.json" },
    ]);
  });

  test("offers every x-codeSamples entry of the spec, TypeScript first", () => {
    const samples = Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((operation) => operation["x-codeSamples"] ?? []));
    expect(samples.map((sample) => sample.lang)).toEqual(["TypeScript", "Shell"]);
    const languages = codeSampleLanguages(spec);
    expect(languages).toEqual(samples.map(({ lang, label }) => ({ lang, label })));
    expect(redocOptions().codeSamples).toEqual({ languages });
  });
});
