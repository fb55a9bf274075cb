// `fetchOptions`: a RequestInit merged into every fetch, client-wide and per request, that never
// overrides the SDK's method, signal or API key.
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, AymaraAI, AymaraAIError, RequestValidationError } from "../../src/index.js";
import { rejectionOf, sandboxClient, thrownBy, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

interface SeenFetch {
  init: RequestInit;
  request: Request;
}

/** A fetch that records what the SDK handed it, then sends it to the sandbox with Node's own fetch. */
function recordingFetch(): { fetch: typeof fetch; seen: SeenFetch[] } {
  const seen: SeenFetch[] = [];
  return {
    seen,
    fetch: (input, init = {}) => {
      seen.push({ init, request: new Request(input, init) });
      return fetch(input, init);
    },
  };
}

/**
 * An undici dispatcher of our own: Node's fetch hands it the request instead of its global agent. It
 * records the path and fails the request, so a test can tell that the dispatcher was used.
 */
function failingDispatcher(): { dispatcher: object; paths: string[] } {
  const paths: string[] = [];
  const dispatcher = {
    dispatch(options: { path: string }, handler: { onError(error: Error): void }): boolean {
      paths.push(options.path);
      handler.onError(new Error("refused by the test dispatcher"));
      return true;
    },
  };
  return { dispatcher, paths };
}

describe("fetchOptions", () => {
  test("the client's options reach every fetch, under the SDK's method, headers and signal", async () => {
    const { fetch: spy, seen } = recordingFetch();
    const { client } = sandboxClient(sandbox(), { fetch: spy, fetchOptions: { keepalive: true, cache: "no-store", priority: "high" } });
    const runs = await client.evals.runs.list({ limit: 10 }).toArray();
    expect(runs).toHaveLength(30);
    expect(seen).toHaveLength(3);
    for (const { init, request } of seen) {
      expect(init).toMatchObject({ keepalive: true, cache: "no-store", priority: "high", method: "GET" });
      expect(init.signal).toBeInstanceOf(AbortSignal);
      expect(request.headers.get("x-api-key")).toBe(sandbox().apiKey);
    }
  });

  test("per-request options merge over the client's, key by key", async () => {
    const { fetch: spy, seen } = recordingFetch();
    const { client } = sandboxClient(sandbox(), { fetch: spy, fetchOptions: { keepalive: true, cache: "no-store" } });
    await client.evals.runs.list({ limit: 1 }, { fetchOptions: { cache: "reload", mode: "cors" } });
    expect(seen[0]?.init).toMatchObject({ keepalive: true, cache: "reload", mode: "cors" });
    await client.evals.runs.list({ limit: 1 });
    expect(seen[1]?.init).toMatchObject({ keepalive: true, cache: "no-store" });
    expect(seen[1]?.init.mode).toBeUndefined();
  });

  test("headers merge: defaultHeaders < client fetchOptions < request fetchOptions < request headers", async () => {
    const { client } = sandboxClient(sandbox(), {
      defaultHeaders: { "x-a": "default", "x-b": "default", "x-c": "default", "x-d": "default" },
      fetchOptions: { headers: { "x-b": "client fetchOptions", "x-c": "client fetchOptions", "x-d": "client fetchOptions" } },
    });
    await client.evals.runs.list({ limit: 1 }, { fetchOptions: { headers: new Headers({ "x-c": "request fetchOptions", "x-d": "request fetchOptions" }) }, headers: { "x-d": "request headers" } });
    expect(sandbox().requests[0]?.headers).toMatchObject({ "x-a": "default", "x-b": "client fetchOptions", "x-c": "request fetchOptions", "x-d": "request headers" });
  });

  test("Node's fetch uses the dispatcher given in fetchOptions, for list() and for client.api", async () => {
    const { dispatcher, paths } = failingDispatcher();
    const { client } = sandboxClient(sandbox(), { maxRetries: 0, fetchOptions: { dispatcher } as RequestInit });
    const error = await rejectionOf(client.evals.runs.list({ limit: 2 }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain("refused by the test dispatcher");
    await expect(client.api.GET("/v2/eval-runs", { params: { query: { limit: 3 } } })).rejects.toBeInstanceOf(APIConnectionError);
    expect(paths).toEqual(["/v2/eval-runs?limit=2&offset=0", "/v2/eval-runs?limit=3"]);
    expect(sandbox().requests).toHaveLength(0);
  });

  test("a per-request dispatcher replaces the client's for that request only", async () => {
    const clientLevel = failingDispatcher();
    const requestLevel = failingDispatcher();
    const { client } = sandboxClient(sandbox(), { maxRetries: 0, fetchOptions: { dispatcher: clientLevel.dispatcher } as RequestInit });
    await expect(client.evals.runs.list({ limit: 1 }, { fetchOptions: { dispatcher: requestLevel.dispatcher } as RequestInit })).rejects.toBeInstanceOf(APIConnectionError);
    expect([clientLevel.paths.length, requestLevel.paths.length]).toEqual([0, 1]);
  });

  test("with fetchOptions, the SDK's timeout still ends a hung request", async () => {
    const { client } = sandboxClient(sandbox(), { timeout: 150, maxRetries: 0, fetchOptions: { keepalive: true } });
    sandbox().faults.next({ kind: "hang" });
    await expect(client.evals.runs.list()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  const rule = "no method, body, signal or x-api-key header: the SDK sets those (pass signal and apiKey as options)";

  test.each([
    ["signal", { signal: new AbortController().signal }],
    ["method", { method: "DELETE" }],
    ["body", { body: "{}" }],
  ])("%s is the SDK's: refused on the client and per request, before sending", async (name, fetchOptions) => {
    const error = thrownBy(() => new AymaraAI({ apiKey: "sk-test", fetchOptions }), AymaraAIError);
    expect(error.message).toBe(`Invalid fetchOptions.${name}: expected ${rule}.`);
    const { client } = sandboxClient(sandbox());
    const perRequest = await rejectionOf(client.evals.runs.list({}, { fetchOptions }));
    expect(perRequest).toBeInstanceOf(RequestValidationError);
    expect(perRequest).toMatchObject({ parameter: `options.fetchOptions.${name}`, rule });
    expect(sandbox().requests).toHaveLength(0);
  });

  test.each([
    ["a record", { "X-API-Key": "sk-smuggled-0000" }],
    ["a Headers object", new Headers({ "x-api-key": "sk-smuggled-0000" })],
    ["pairs", [["x-api-key", "sk-smuggled-0000"]] as [string, string][]],
  ])("the API key's header in fetchOptions.headers (%s) is refused, without quoting it", async (_form, headers) => {
    const error = thrownBy(() => new AymaraAI({ apiKey: "sk-test", fetchOptions: { headers } }), AymaraAIError);
    expect(error.message).toBe(`Invalid fetchOptions.headers.x-api-key: expected ${rule}.`);
    const { client } = sandboxClient(sandbox());
    const perRequest = await rejectionOf(client.evals.runs.list({}, { fetchOptions: { headers } }));
    expect(perRequest).toMatchObject({ parameter: "options.fetchOptions.headers.x-api-key", value: "[not shown]" });
    expect(inspect(perRequest, { showHidden: true })).not.toContain("sk-smuggled");
    expect(sandbox().requests).toHaveLength(0);
  });

  test("changing the object given as fetchOptions later changes nothing", async () => {
    const { fetch: spy, seen } = recordingFetch();
    const fetchOptions: RequestInit = { cache: "no-store", headers: { "x-team": "evals" } };
    const { client } = sandboxClient(sandbox(), { fetch: spy, fetchOptions });
    fetchOptions.cache = "reload";
    (fetchOptions.headers as Record<string, string>)["x-team"] = "changed";
    await client.evals.runs.list({ limit: 1 });
    expect(seen[0]?.init.cache).toBe("no-store");
    expect(sandbox().requests[0]?.headers["x-team"]).toBe("evals");
  });
});
