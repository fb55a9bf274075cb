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
  if (dangerouslyAllowBrowser !== true && isBrowserLike()) {
    throw new AymaraAIError(
      "Refusing to run in a browser: the API key would be exposed to anyone who opens the page. Call the API " +
        "from your server, or pass dangerouslyAllowBrowser: true if the key is the user's own or short-lived.",
    );
  }
}

/** The fetch to send with: the option, else the runtime's own; construction fails without one. */
export function resolveFetch(option: unknown): typeof globalThis.fetch {
  const fetchImpl = option !== undefined ? option : typeof fetch === "undefined" ? undefined : fetch;
  if (typeof fetchImpl !== "function") {
    throw new AymaraAIError(`${option === undefined ? "No fetch in this runtime" : "Invalid fetch option"}: pass a fetch function (new AymaraAI({ fetch })).`);
  }
  return fetchImpl as typeof globalThis.fetch;
}
