// Response metadata on successful listings: each page's request id and headers, and withResponse().
import { describe, expect, test } from "vitest";
import { AuthenticationError, OffsetPage } from "../../src/index.js";
import { rejectionOf, sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

/** A fetch that passes through to the sandbox and changes the response's headers on the way back. */
function rewritingHeaders(edit: (headers: Headers) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const headers = new Headers(response.headers);
    edit(headers);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

describe("every page carries its request id and headers", () => {
  test("the first page and every following one, each with the x-request-id it came with", async () => {
    const { client } = sandboxClient(sandbox());
    const pages: OffsetPage<unknown>[] = [];
    for await (const page of client.evals.runs.list({ limit: 8 }, { concurrency: 2 }).iterPages()) pages.push(page);
    expect(pages).toHaveLength(4);
    // Prefetches may reach the server in either order: match pages to requests by offset.
    const idByOffset = new Map(sandbox().requests.map((r) => [Number(r.query.offset), r.requestId]));
    expect(pages.map((page) => page.requestId)).toEqual(pages.map((page) => idByOffset.get(page.offset)));
    expect(new Set(pages.map((page) => page.requestId)).size).toBe(4);
    for (const page of pages) {
      expect(page.headers).toBeInstanceOf(Headers);
      expect(page.headers.get("x-request-id")).toBe(page.requestId);
      expect(page.headers.get("content-type")).toContain("application/json");
    }
  });

  test("getNextPage() pages carry theirs too", async () => {
    const { client } = sandboxClient(sandbox());
    const first = await client.evals.runs.list({ limit: 20 });
    const second = await first.getNextPage();
    expect([first.requestId, second.requestId]).toEqual(sandbox().requests.map((r) => r.requestId));
  });

  test("credential-like headers a server echoes back are not kept", async () => {
    const fetchWithSecrets = rewritingHeaders((headers) => {
      headers.set("set-cookie", "session=s3cret");
      headers.set("x-api-key", "sk-echoed");
      headers.set("authorization", "Bearer echoed");
      headers.set("x-ratelimit-remaining", "41");
    });
    const { client } = sandboxClient(sandbox(), { fetch: fetchWithSecrets });
    const page = await client.evals.runs.list({ limit: 2 });
    expect(page.headers.get("x-ratelimit-remaining")).toBe("41");
    for (const name of ["set-cookie", "x-api-key", "authorization", "cookie", "proxy-authorization"]) expect(page.headers.has(name)).toBe(false);
    const kept: string[] = [];
    page.headers.forEach((value, name) => kept.push(`${name}: ${value}`));
    expect(kept.join("\n")).not.toMatch(/s3cret|sk-echoed|Bearer/);
  });

  test("requestId is undefined when the response has no x-request-id", async () => {
    const { client } = sandboxClient(sandbox(), { fetch: rewritingHeaders((headers) => headers.delete("x-request-id")) });
    const page = await client.evals.runs.list({ limit: 2 });
    expect(page.requestId).toBeUndefined();
    expect(page.items).toHaveLength(2);
  });

  test("fetchPage() still returns the body alone", async () => {
    const { client } = sandboxClient(sandbox());
    expect(Object.keys(await client.evals.runs.fetchPage({ limit: 1 }))).toEqual(["items", "count"]);
  });
});

describe("withResponse()", () => {
  test("resolves to the first page, its raw response (body already read) and its request id", async () => {
    const { client } = sandboxClient(sandbox());
    const { data, response, requestId } = await client.evals.runs.list({ limit: 3 }).withResponse();
    expect(data).toBeInstanceOf(OffsetPage);
    expect(data.items).toEqual(sandbox().runs.slice(0, 3));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.bodyUsed).toBe(true);
    expect(requestId).toBe(sandbox().requests[0]?.requestId);
    expect(response.headers.get("x-request-id")).toBe(requestId);
    expect(data.requestId).toBe(requestId);
    expect(sandbox().requests).toHaveLength(1);
  });

  test("the response is the one of the attempt that succeeded, after a retry", async () => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    const { response, requestId } = await client.evals.runs.list({ limit: 1 }).withResponse();
    expect(response.status).toBe(200);
    expect(requestId).toBe(sandbox().requests[1]?.requestId);
  });

  test("rejects with the listing's typed error", async () => {
    const { client } = sandboxClient(sandbox(), { apiKey: "sk-wrong" });
    const error = await rejectionOf(client.evals.runs.list().withResponse());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).requestId).toBe(sandbox().requests[0]?.requestId);
  });
});
