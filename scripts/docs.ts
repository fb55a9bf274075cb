// `npm run docs` (also a step of `npm run generate`): the published spec docs.
// Writes <outDir>/index.html (Redoc, self-contained: `build-docs --inlineBundle`, nothing from a CDN)
// and the bundled spec beside it as openapi.yaml and openapi.json, which the page links for download.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stringify as stringifyYaml } from "yaml";
import type { Config } from "@redocly/openapi-core";
import { renderRedocPage } from "./docs-redocly.js";
import { bundleSpec as bundleLinted } from "./pipeline/bundle.js";
import { EXIT, runCommand } from "./pipeline/lifecycle.js";
import { lintSpec } from "./pipeline/lint.js";
import { printProblems } from "./pipeline/report.js";

// Off for the CLI's usage reports and for the page's own telemetry, which the handler only
// disables when this is "off". Published docs must not phone home.
process.env.REDOCLY_TELEMETRY = "off";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export interface BuildDocsOptions {
  /** The spec to document (the hand-edited root, e.g. spec/openapi.yaml). */
  specPath: string;
  /** Folder to write index.html, openapi.yaml and openapi.json into (created if missing). */
  outDir: string;
  /** Redocly config (decorators, Redoc `openapi:` options); default `<repo>/redocly.yaml`. */
  configPath?: string;
  /** The spec already bundled (the pipeline passes the one it generated from): not bundled again. */
  bundled?: unknown;
}

export interface DocsFiles {
  html: string;
  yaml: string;
  json: string;
}

/** Render the docs for `specPath` into `outDir`; resolves to the absolute paths written. */
export async function buildDocs({ specPath, outDir, configPath = join(repoRoot, "redocly.yaml"), bundled }: BuildDocsOptions): Promise<DocsFiles> {
  const { loadConfig } = await import("@redocly/openapi-core");
  const absoluteSpec = resolve(specPath);
  const config = await loadConfig({ configPath: resolve(configPath) });
  const files: DocsFiles = { html: resolve(outDir, "index.html"), yaml: resolve(outDir, "openapi.yaml"), json: resolve(outDir, "openapi.json") };

  // The downloads are the bundled spec (one file, even if the spec grows external $refs),
  // bundled like the pipeline does it, so they match generated/openapi.json.
  const document = bundled ?? (await bundleSpec(absoluteSpec, config));
  mkdirSync(resolve(outDir), { recursive: true });
  writeFileSync(files.json, `${JSON.stringify(document, null, 2)}\n`);
  // lineWidth 0: descriptions keep their own line breaks instead of being re-folded.
  writeFileSync(files.yaml, stringifyYaml(document, { lineWidth: 0 }));

  const redocOptions = config.resolvedConfig.openapi ?? {};
  await renderRedocPage({
    specPath: absoluteSpec,
    outFile: files.html,
    configPath: resolve(configPath),
    config,
    redocOptions: {
      ...redocOptions,
      codeSamples: redocOptions.codeSamples ?? { languages: codeSampleLanguages(document) },
      downloadUrls: [
        { title: "OpenAPI (YAML)", url: "openapi.yaml" },
        { title: "OpenAPI (JSON)", url: "openapi.json" },
      ],
    },
  });
  writeFileSync(files.html, withContentSecurityPolicy(readFileSync(files.html, "utf8")));
  return files;
}

async function bundleSpec(absoluteSpec: string, config: Config): Promise<unknown> {
  const { bundle } = await import("@redocly/openapi-core");
  const result = await bundle({ ref: absoluteSpec, config, dereference: false });
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) throw new Error(`Cannot bundle ${absoluteSpec}:\n${errors.map((problem) => `- ${problem.message}`).join("\n")}`);
  return JSON.parse(JSON.stringify(result.bundle.parsed)) as unknown;
}

/**
 * Redoc 3 shows an `x-codeSamples` entry only if its label (else lang) names one of the page's
 * languages, by default curl, JavaScript, Python...: a "TypeScript" sample would be silently
 * dropped. Offer exactly the samples the spec carries, in the spec's order (the first is shown first).
 */
export function codeSampleLanguages(document: unknown): { lang: string; label?: string }[] {
  const languages = new Map<string, { lang: string; label?: string }>();
  for (const pathItem of values(field(document, "paths"))) {
    for (const operation of values(pathItem)) {
      for (const sample of values(field(operation, "x-codeSamples"))) {
        const lang = field(sample, "lang");
        const label = field(sample, "label");
        if (typeof lang !== "string") continue;
        const named = typeof label === "string" && label !== "";
        const key = (named ? label : lang).toLowerCase();
        if (!languages.has(key)) languages.set(key, named ? { lang, label } : { lang });
      }
    }
  }
  return [...languages.values()];
}

function field(node: unknown, key: string): unknown {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
}

function values(node: unknown): unknown[] {
  return typeof node === "object" && node !== null ? Object.values(node) : [];
}

/**
 * What the page may load: its own inline script and styles, data:/blob: images and fonts, nothing
 * from the network. Redoc 3 always renders Redocly's attribution logo from cdn.redoc.ly after
 * hydration; the policy stops that request in the browser, and any future phone-home with it.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src data: blob:",
  "font-src data:",
  "worker-src blob:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function withContentSecurityPolicy(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error("Redoc's page has no <head>: cannot add the Content-Security-Policy.");
  const meta = `\n  <meta http-equiv="Content-Security-Policy" content="${DOCS_CONTENT_SECURITY_POLICY}" />`;
  const at = head.index + head[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runCommand({
    name: "npm run docs",
    summary: "Lint and bundle spec/openapi.yaml, then write dist/docs/ (index.html, openapi.yaml, openapi.json).",
    flags: {},
    async run() {
      const started = performance.now();
      const paths = { rootDir: repoRoot, specPath: join(repoRoot, "spec", "openapi.yaml"), configPath: join(repoRoot, "redocly.yaml") };
      // The same gate as `npm run generate`: docs are never published from a spec that fails lint.
      const linted = await lintSpec(paths);
      const bundled = linted.loaded && linted.problems.length === 0 ? await bundleLinted(linted.loaded, repoRoot) : undefined;
      const problems = bundled?.problems ?? linted.problems;
      if (problems.length > 0 || !bundled?.doc) {
        printProblems(problems, `dist/docs/ left unchanged (${Math.round(performance.now() - started)} ms)`);
        return EXIT.problems;
      }
      const files = await buildDocs({ specPath: paths.specPath, configPath: paths.configPath, outDir: join(repoRoot, "dist", "docs"), bundled: bundled.doc });
      console.log(`Docs written: ${Object.values(files).join(", ")}`);
      return EXIT.ok;
    },
  });
}
