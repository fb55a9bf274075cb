// JSON pointer → line in a spec file as written, with the pipeline's openapi-core (the same lookup
// lint uses for its file:line:col): the line of the key (`maximum: 500`, `tags:`, `- name: limit`).
// A pointer that does not exist as written resolves to its deepest existing ancestor.
import type { Document } from "@redocly/openapi-core";
import { loadCore } from "../pipeline/deps.js";

export function lineOf(document: Document, pointer: string): number {
  return loadCore().getLineColLocation({ source: document.source, pointer: `#${pointer}`, reportOnKey: true }).start.line;
}
