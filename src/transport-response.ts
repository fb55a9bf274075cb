// Turning a finished (buffered) response into data or a typed error. Bodies are parsed once:
// openapi-fetch has already JSON.parse'd error bodies (or kept the text); page bodies arrive as text.
import { APIError, ResponseValidationError, type ErrorEnvelope } from "./errors.js";

/** What every offset-paginated endpoint of the API returns. */
export interface OffsetPageBody<Item> {
  items: Item[];
  count: number;
}

const EXCERPT_LENGTH = 200;

/** The error for a non-2xx response; `body` is openapi-fetch's `error` (parsed JSON, text, or undefined). */
export function errorFromResponse(response: Response, body: unknown): APIError {
  const { status, headers } = response;
  if (isErrorEnvelope(body)) return APIError.generate(status, body, headers);
  return APIError.generate(status, undefined, headers, describeNonEnvelope(body, headers.get("content-type") ?? ""));
}

/** Parses a 2xx page body, or throws `ResponseValidationError` saying what came instead. */
export function parseOffsetPage<Item>(response: Response, text: string | undefined): OffsetPageBody<Item> {
  const contentType = response.headers.get("content-type") ?? "";
  if (!text) throw new ResponseValidationError(response.status, contentType, "", "has an empty body instead of a JSON page");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const problem = looksLikeHtml(text, contentType) ? "is an HTML page, not JSON" : "body is not valid JSON";
    throw new ResponseValidationError(response.status, contentType, excerpt(text), problem);
  }
  if (!isOffsetPage<Item>(body)) {
    throw new ResponseValidationError(response.status, contentType, excerpt(text), "body is not a page shaped { items: [...], count: <integer> }");
  }
  return body;
}

/** A cheap shape check (no per-item validation: that would cost more than the request). */
function isOffsetPage<Item>(body: unknown): body is OffsetPageBody<Item> {
  return isRecord(body) && Array.isArray(body.items) && Number.isSafeInteger(body.count);
}

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (!isRecord(body) || !isRecord(body.error)) return false;
  const { code, message, details } = body.error;
  return typeof code === "string" && typeof message === "string" && (details === undefined || isRecord(details))
    && (body.request_id === undefined || typeof body.request_id === "string");
}

function describeNonEnvelope(body: unknown, contentType: string): string {
  const type = contentType || "no content-type";
  if (body === undefined || body === "") return "empty body";
  if (typeof body !== "string") return `JSON body without the API's error envelope (${type}): ${excerpt(JSON.stringify(body))}`;
  if (looksLikeHtml(body, contentType)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return `an HTML page instead of the API's JSON error envelope (${type}; a proxy or gateway may have answered)${title ? `: "${excerpt(title)}"` : `: ${excerpt(body)}`}`;
  }
  if (contentType.includes("json")) return `body is not valid JSON, perhaps truncated (${type}): ${excerpt(body)}`;
  return `non-JSON body (${type}): ${excerpt(body)}`;
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return contentType.includes("html") || /^\s*<(!doctype|html|head|body)/i.test(text);
}

/** The first characters of a body, whitespace collapsed, as one line. */
export function excerpt(text: string): string {
  const line = text.slice(0, EXCERPT_LENGTH * 2).replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
