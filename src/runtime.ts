// What the client asks of the runtime it runs in: environment variables, a fetch, and whether it
// is a web page. Each answer is checked at construction, so a misfit fails there and says why.
import { AymaraAIError } from "./errors.js";

/**
 * `process.env[name]`, trimmed; undefined when unset or empty, when there is no `process` (browsers,
 * workerd), and when reading it is denied (Deno without --allow-env throws NotCapable, even
 * inside `?.`): every environment fallback then counts as unset instead of breaking construction.
 */
export function readEnv(name: string): string | undefined {
  let value: unknown;
  try {
    value = typeof process === "undefined" ? undefined : process.env?.[name];
  } catch {
    return undefined;
  }
  return typeof value === "string" ? value.trim() || undefined : undefined;
}

/** `window`, `document` and `navigator` together: a web page (Deno, Bun, workers and Node 21+ lack `document`). */
export function isBrowserLike(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined" && typeof navigator !== "undefined";
}

/** Refuses to build a client inside a web page unless the caller says the key may be exposed there. */
export function checkNotInBrowser(dangerouslyAllowBrowser: boolean | undefined): void {
  if (dangerouslyAllowBrowser === true || !isBrowserLike()) return;
  throw new AymaraAIError(
    "Refusing to run in a browser: the API key would be exposed to anyone who opens the page (it ships in your bundle " +
      "and shows in every request the browser sends). Call the Aymara API from your server instead; or, if the key " +
      "was supplied by the user or is short-lived and narrowly scoped, pass dangerouslyAllowBrowser: true.",
  );
}

/** The fetch to send with: the option, else the runtime's own; construction fails without one. */
export function resolveFetch(option: typeof globalThis.fetch | undefined): typeof globalThis.fetch {
  if (option !== undefined) {
    if (typeof option !== "function") {
      throw new AymaraAIError(`Invalid fetch option (${typeof option}): expected a function with the signature of globalThis.fetch.`);
    }
    return option;
  }
  const fetchImpl: unknown = typeof fetch === "undefined" ? undefined : fetch;
  if (typeof fetchImpl !== "function") {
    throw new AymaraAIError(
      "No fetch available: this runtime has no global fetch. Pass one with the fetch option " +
        "(new AymaraAI({ fetch })), e.g. undici's fetch, or run on Node.js >= 20.19.",
    );
  }
  return fetchImpl as typeof globalThis.fetch;
}
