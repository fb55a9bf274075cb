// Turning a finished (buffered) response into data or a typed error. Bodies are parsed once:
// openapi-fetch has already JSON.parse'd error bodies (or kept the text); page bodies arrive as text.
import { APIError, ResponseValidationError, type ErrorEnvelope } from "./errors.js";
import { isRecord } from "./validate.js";

/** What every offset-paginated endpoint of the API returns. */
export interface OffsetPageBody<Item> {
  items: Item[];
  count: number;
}

const EXCERPT_LENGTH = 200;

/** The error for a non-2xx response; `body` is openapi-fetch's `error` (parsed JSON, text, or undefined). */
export function errorFromResponse({ status, headers }: Response, body: unknown): APIError {
  return isErrorEnvelope(body)
    ? APIError.generate(status, body, headers)
    : APIError.generate(status, undefined, headers, describeNonEnvelope(body, headers.get("content-type") ?? ""));
}

/**
 * Parses a 2xx page body, or throws `ResponseValidationError` saying what came instead. A cheap shape check:
 * no per-item validation, which would cost more than the request.
 */
export function parseOffsetPage<Item>(response: Response, text: string | undefined): OffsetPageBody<Item> {
  let body: unknown;
  try {
    body = text && JSON.parse(text);
  } catch {
    // Told apart below: `body` stays undefined.
  }
  if (isRecord(body) && Array.isArray(body.items) && Number.isSafeInteger(body.count)) return body as unknown as OffsetPageBody<Item>;
  const contentType = response.headers.get("content-type") ?? "";
  const problem = !text ? "has an empty body instead of a JSON page"
    : body !== undefined ? "body is not a page shaped { items: [...], count: <integer> }"
    : looksLikeHtml(text, contentType) ? "is an HTML page, not JSON"
    : "body is not valid JSON";
  throw new ResponseValidationError(response.status, contentType, excerpt(text ?? ""), problem);
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
    return `an HTML page instead of the API's JSON error envelope (${type}; a proxy or gateway may have answered): ${title ? JSON.stringify(excerpt(title)) : excerpt(body)}`;
  }
  return `${contentType.includes("json") ? "body is not valid JSON, perhaps truncated" : "non-JSON body"} (${type}): ${excerpt(body)}`;
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return contentType.includes("html") || /^\s*<(!doctype|html|head|body)/i.test(text);
}

/** The first characters of a body, whitespace collapsed, as one line. */
export function excerpt(text: string): string {
  const line = text.slice(0, EXCERPT_LENGTH * 2).replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}
