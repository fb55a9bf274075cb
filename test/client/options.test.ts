import { afterEach, describe, expect, test, vi } from "vitest";
import { apiInfo } from "../../generated/metadata.js";
import { AymaraAI, AymaraAIError } from "../../src/index.js";
import { memoryLogger, thrownBy } from "./helpers.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

const constructionError = (run: () => unknown): AymaraAIError => thrownBy(run, AymaraAIError);

describe("client options", () => {
  test("a missing key names the option and the environment variable", () => {
    vi.stubEnv("AYMARA_AI_API_KEY", "");
    const error = constructionError(() => new AymaraAI());
    expect(error.message).toContain("apiKey");
    expect(error.message).toContain("AYMARA_AI_API_KEY");
  });

  test("reads the key and base URL from the environment", () => {
    vi.stubEnv("AYMARA_AI_API_KEY", "sk-from-env");
    vi.stubEnv("AYMARA_AI_BASE_URL", "https://eu.example.test/");
    const client = new AymaraAI();
    expect(client.baseURL).toBe("https://eu.example.test");
  });

  test("defaults to the spec's server, 2 retries and 60 s", () => {
    vi.stubEnv("AYMARA_AI_BASE_URL", "");
    const client = new AymaraAI({ apiKey: "sk-test" });
    expect(client).toMatchObject({ baseURL: apiInfo.servers[0], maxRetries: 2, timeout: 60_000 });
  });

  test("refuses a key that cannot be a header value, without quoting it", () => {
    const error = constructionError(() => new AymaraAI({ apiKey: "sk-secret\nline" }));
    expect(error.message).not.toContain("sk-secret");
  });

  test.each(["http://api.example.com", "http://10.0.0.8:8080"])("refuses the non-loopback http URL %s", (baseURL) => {
    const error = constructionError(() => new AymaraAI({ apiKey: "sk-test", baseURL }));
    expect(error.message).toContain("clear text");
    expect(error.message).toContain("allowInsecureHttp");
  });

  test("allowInsecureHttp lets a non-loopback http URL through, with a warning", () => {
    const logger = memoryLogger();
    const client = new AymaraAI({ apiKey: "sk-test", baseURL: "http://api.example.com", allowInsecureHttp: true, logger });
    expect(client.baseURL).toBe("http://api.example.com");
    expect(logger.lines.map((l) => l.level)).toEqual(["warn"]);
  });

  test.each(["http://localhost:8080", "http://127.0.0.1:1", "http://[::1]:9", "http://api.localhost"])("accepts the loopback URL %s", (baseURL) => {
    expect(new AymaraAI({ apiKey: "sk-test", baseURL }).baseURL).toBe(baseURL);
  });

  test.each(["not a url", "ftp://api.example.com", "/relative"])("refuses the base URL %j", (baseURL) => {
    expect(constructionError(() => new AymaraAI({ apiKey: "sk-test", baseURL })).message).toContain("baseURL");
  });

  test.each([
    [{ maxRetries: -1 }, "maxRetries"],
    [{ maxRetries: 0.5 }, "maxRetries"],
    [{ timeout: 0 }, "timeout"],
    [{ timeout: Number.POSITIVE_INFINITY }, "timeout"],
    [{ logLevel: "verbose" as "debug" }, "logLevel"],
  ])("refuses %j", (options, name) => {
    expect(constructionError(() => new AymaraAI({ apiKey: "sk-test", ...options })).message).toContain(name);
  });

  test("exposes the resources under the official SDK's names", () => {
    const client = new AymaraAI({ apiKey: "sk-test" });
    expect(typeof client.evals.runs.list).toBe("function");
    expect(typeof client.evals.runs.fetchPage).toBe("function");
    expect(typeof client.api.GET).toBe("function");
  });
});
