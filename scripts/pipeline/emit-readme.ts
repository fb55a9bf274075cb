// Step 7: generated/README.md, listing what each generated file is. Built from the same table
// that drives the pipeline, so it cannot forget a file.
import { markdownHeader } from "./header.js";

export interface OutputDescription {
  name: string;
  description: string;
}

export function emitReadme(specFile: string, outputs: readonly OutputDescription[]): string {
  return [
    markdownHeader(specFile),
    "",
    "# Generated code",
    "",
    `Everything in this folder is generated from \`${specFile}\` by \`npm run generate\`.`,
    "Do not edit it by hand: change the spec (or `redocly.yaml`) and regenerate.",
    "`npm run check:generated` fails when this folder is stale, missing a file or holds an extra one.",
    "",
    "| File | What it is |",
    "| --- | --- |",
    ...outputs.map((o) => `| \`${o.name}\` | ${o.description} |`),
    "",
  ].join("\n");
}
