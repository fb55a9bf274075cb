// `client.withOptions()`: a new client over the current one's effective settings.
import { inspect } from "node:util";
import { afterEach, describe, expect, test, vi } from "vitest";
import { AuthenticationError, AymaraAI, AymaraAIError } from "../../src/index.js";
import { memoryLogger, rejectionOf, sandboxClient, thrownBy, useSandbox } from "./helpers.js";

const sandbox = useSandbox();
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("withOptions()", () => {
  test("overrides what it is given and keeps the rest; the original is unchanged", () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 4, timeout: 9_000, logLevel: "info" });
    const derived = client.withOptions({ timeout: 500 });
    expect(derived).toBeInstanceOf(AymaraAI);
    expect(derived).not.toBe(client);
    expect(derived.toJSON()).toEqual({ ...client.toJSON(), timeout: 500 });
    expect(client.timeout).toBe(9_000);
    expect(derived.api).not.toBe(client.api);
    expect(derived.evals.runs).not.toBe(client.evals.runs);
  });

  test("the derived client sends with the same key, headers and fetch options", async () => {
    const { client } = sandboxClient(sandbox(), { defaultHeaders: { "x-team": "evals" }, fetchOptions: { headers: { "x-via": "proxy" } } });
    await client.withOptions({ maxRetries: 0 }).evals.runs.list({ limit: 1 });
    expect(sandbox().requests[0]).toMatchObject({ status: 200, headers: { "x-team": "evals", "x-via": "proxy" } });
  });

  test("settings that came from the environment are kept as resolved, not read again", async () => {
    vi.stubEnv("AYMARA_AI_API_KEY", sandbox().apiKey);
    vi.stubEnv("AYMARA_AI_BASE_URL", sandbox().url);
    vi.stubEnv("AYMARA_AI_LOG", "debug");
    const logger = memoryLogger();
    const client = new AymaraAI({ logger });
    vi.stubEnv("AYMARA_AI_API_KEY", "sk-changed-since");
    vi.stubEnv("AYMARA_AI_BASE_URL", "https://elsewhere.example.test");
    vi.stubEnv("AYMARA_AI_LOG", "off");
    const derived = client.withOptions({ maxRetries: 0 });
    expect(derived.toJSON()).toMatchObject({ baseURL: sandbox().url, logLevel: "debug", maxRetries: 0 });
    const page = await derived.evals.runs.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(logger.lines.map((line) => line.level)).toEqual(["debug"]);
  });

  test("undefined options keep the current value instead of falling back to the environment", () => {
    vi.stubEnv("AYMARA_AI_BASE_URL", "https://from-env.example.test");
    const { client } = sandboxClient(sandbox());
    expect(client.withOptions({ baseURL: undefined, timeout: undefined }).toJSON()).toEqual(client.toJSON());
  });

  test("a new key is used; the old one is gone from that client", async () => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.withOptions({ apiKey: "sk-another-key" }).evals.runs.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    await expect(client.evals.runs.list({ limit: 1 })).resolves.toMatchObject({ count: 30 });
  });

  test("nothing mutable is shared: headers given to either client can be changed without effect", async () => {
    const defaultHeaders = { "x-team": "evals" };
    const { client } = sandboxClient(sandbox(), { defaultHeaders });
    const overrideHeaders = { "x-team": "derived" };
    const derived = client.withOptions({ defaultHeaders: overrideHeaders });
    defaultHeaders["x-team"] = "mutated";
    overrideHeaders["x-team"] = "mutated";
    await client.evals.runs.list({ limit: 1 });
    await derived.evals.runs.list({ limit: 1 });
    await client.withOptions({}).evals.runs.list({ limit: 1 });
    expect(sandbox().requests.map((r) => r.headers["x-team"])).toEqual(["evals", "derived", "evals"]);
  });

  test("options are checked as in the constructor", () => {
    const { client } = sandboxClient(sandbox());
    expect(thrownBy(() => client.withOptions({ timeout: 0 }), AymaraAIError).message).toContain("timeout");
    expect(thrownBy(() => client.withOptions({ baseURL: "http://api.example.com" }), AymaraAIError).message).toContain("allowInsecureHttp");
  });

  test("the key stays hidden in the derived client: no property, not in inspect, JSON or errors", async () => {
    const secret = "sk-derived-secret-000111222";
    const { client } = sandboxClient(sandbox());
    const derived = client.withOptions({ apiKey: secret });
    expect(inspect(derived, { depth: 10, showHidden: true })).not.toContain(secret);
    expect(JSON.stringify(derived)).not.toContain(secret);
    expect(JSON.stringify(Object.values(Object.getOwnPropertyDescriptors(derived)).map((d) => (typeof d.value === "string" ? d.value : typeof d.value)))).not.toContain(secret);
    const error = await rejectionOf(derived.evals.runs.list());
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(secret);
    expect(inspect(derived.withOptions({ timeout: 1000 }), { depth: 10, showHidden: true })).not.toContain(secret);
  });
});
