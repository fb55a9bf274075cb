// Construction guards, each proven in a child Node process whose globals are set up like the
// runtime in question: a web page, a runtime without fetch, Deno without --allow-env, no `process`.
import { describe, expect, test } from "vitest";
import { AymaraAI, AymaraAIError } from "../../src/index.js";
import { CHILD_ENV_API_KEY, useChildSdk, type ChildRun } from "./child.js";
import { thrownBy, useSandbox } from "./helpers.js";

const sandbox = useSandbox();
const runChild = useChildSdk();

/** A body that builds a client for the sandbox with `extra` options and reports a 2-run page. */
const listTwo = (extra = ""): string => `
  const client = new sdk.AymaraAI({ apiKey: ${JSON.stringify(sandbox().apiKey)}, baseURL: ${JSON.stringify(sandbox().url)}, ${extra} });
  const page = await client.evals.runs.list({ limit: 2 });
  report({ listed: page.items.length, count: page.count });`;

const browserGlobals = "globalThis.window = globalThis; globalThis.document = { title: 'app' }; globalThis.navigator ??= { userAgent: 'test' };";

function onlyReport(run: ChildRun): Record<string, unknown> {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.reports).toHaveLength(1);
  return run.reports[0] as Record<string, unknown>;
}

describe("browser guard", () => {
  test("refuses construction in a browser-like runtime, saying why and what to do", async () => {
    const report = onlyReport(await runChild(browserGlobals, listTwo()));
    expect(report).toEqual({ thrown: { name: "AymaraAIError", message: expect.any(String), sdkError: true } });
    const { message } = report.thrown as { message: string };
    expect(message).toBe(
      "Refusing to run in a browser: the API key would be exposed to anyone who opens the page. Call the API " +
        "from your server, or pass dangerouslyAllowBrowser: true if the key is the user's own or short-lived.",
    );
    expect(sandbox().requests).toHaveLength(0);
  });

  test("dangerouslyAllowBrowser: true constructs and lists there", async () => {
    expect(onlyReport(await runChild(browserGlobals, listTwo("dangerouslyAllowBrowser: true")))).toEqual({ listed: 2, count: 30 });
  });

  test.each([
    ["window and navigator without document (Deno 1.x)", "globalThis.window = globalThis; globalThis.navigator ??= {};"],
    ["navigator alone (Node 21+, Deno 2, Bun, workerd)", "globalThis.navigator ??= {};"],
  ])("%s is not a browser", async (_runtime, prelude) => {
    expect(onlyReport(await runChild(prelude, listTwo()))).toEqual({ listed: 2, count: 30 });
  });
});

describe("fetch guard", () => {
  test("without a global fetch, construction says so and names the fetch option", async () => {
    const report = onlyReport(await runChild("delete globalThis.fetch;", listTwo()));
    expect(report).toEqual({ thrown: { name: "AymaraAIError", message: "No fetch in this runtime: pass a fetch function (new AymaraAI({ fetch })).", sdkError: true } });
  });

  test("without a global fetch, the fetch passed in is used", async () => {
    const prelude = "const savedFetch = globalThis.fetch; delete globalThis.fetch;";
    expect(onlyReport(await runChild(prelude, listTwo("fetch: savedFetch")))).toEqual({ listed: 2, count: 30 });
  });

  test.each([["a string", "fetch"], ["an object", {}], ["null", null]])("a fetch option that is %s is refused", (_what, value) => {
    const error = thrownBy(() => new AymaraAI({ apiKey: "sk-test", fetch: value as unknown as typeof fetch }), AymaraAIError);
    expect(error.message).toBe("Invalid fetch option: pass a fetch function (new AymaraAI({ fetch })).");
  });
});

describe("environment fallbacks", () => {
  // Deno without --allow-env: every read of process.env by script code throws NotCapable, even
  // inside `?.`. Node's own internals (module loader, fetch) read it too, as Deno's never need to: those pass.
  const deniedEnv = `
    const realEnv = process.env;
    const denied = [];
    Object.defineProperty(process, "env", { value: new Proxy(realEnv, { get(target, name) {
      const reader = new Error().stack.split("\\n")[2] ?? "";
      if (/\\(node:|at node:/.test(reader)) return target[name];
      denied.push(String(name));
      throw new Error('NotCapable: Requires env access to "' + String(name) + '", run again with the --allow-env flag');
    } }) });`;

  test("the environment is read when it can be (the child starts with AYMARA_AI_API_KEY set)", async () => {
    const body = `report(new sdk.AymaraAI({ baseURL: ${JSON.stringify(sandbox().url)} }).toJSON());`;
    expect(onlyReport(await runChild("", body))).toMatchObject({ baseURL: sandbox().url, logLevel: "warn" });
    expect(CHILD_ENV_API_KEY).not.toBe(sandbox().apiKey);
  });

  test("where reading process.env throws (Deno without --allow-env), every fallback counts as unset", async () => {
    const body = `${listTwo()}
      report({ denied: [...new Set(denied)].sort(), logLevel: client.toJSON().logLevel });
      try { new sdk.AymaraAI(); } catch (error) { report({ withoutKey: error.message }); }`;
    const run = await runChild(deniedEnv, body);
    expect(run.stderr).toBe("");
    expect(run.reports).toEqual([
      { listed: 2, count: 30 },
      // Only AYMARA_AI_LOG was asked for: apiKey and baseURL were given.
      { denied: ["AYMARA_AI_LOG"], logLevel: "warn" },
      { withoutKey: expect.stringMatching(/^Missing API key: pass the apiKey option .* or set the AYMARA_AI_API_KEY environment variable\.$/) },
    ]);
  });

  test("without any process (browsers with dangerouslyAllowBrowser, workerd), the fallbacks count as unset", async () => {
    const body = `${listTwo()}
      try { new sdk.AymaraAI(); } catch (error) { report({ withoutKey: error.message }); }`;
    const run = await runChild("delete globalThis.process;", body);
    expect(run.stderr).toBe("");
    expect(run.reports).toEqual([{ listed: 2, count: 30 }, { withoutKey: expect.stringContaining("Missing API key") }]);
  });
});
