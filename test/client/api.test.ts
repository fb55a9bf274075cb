import { describe, expect, test } from "vitest";
import { APIConnectionTimeoutError } from "../../src/index.js";
import { sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

describe("client.api (raw typed openapi-fetch calls)", () => {
  test("sends the SDK's auth and returns typed data", async () => {
    const { client } = sandboxClient(sandbox());
    const { data, error, response } = await client.api.GET("/v2/eval-runs", { params: { query: { limit: 2 } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.items).toHaveLength(2);
    expect(data?.count).toBe(30);
  });

  test("retries like the SDK", async () => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    const { data } = await client.api.GET("/v2/eval-runs", { params: { query: { limit: 1 } } });
    expect(data?.items).toHaveLength(1);
    expect(sandbox().requests.map((r) => r.status)).toEqual([503, 200]);
  });

  test("returns HTTP errors as openapi-fetch's typed `error`, without throwing", async () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 0 });
    sandbox().faults.next({ kind: "status", status: 404 });
    const { data, error, response } = await client.api.GET("/v2/eval-runs");
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error?.error.code).toBe("resource.not_found");
  });

  test("times out like the SDK", async () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 0, timeout: 100 });
    sandbox().faults.next({ kind: "hang" });
    await expect(client.api.GET("/v2/eval-runs")).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });
});
