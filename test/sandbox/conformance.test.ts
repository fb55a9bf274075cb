import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { EvalRunResult } from "../../generated/types.js";
import { InvalidRunError, makeEvalRun, type SandboxServer } from "../../src/testing/index.js";
import { responseViolation } from "../../src/testing/conformance.js";
import { startSandbox } from "../support/sandbox.js";
import { get } from "./helpers.js";

// The sandbox never serves what the spec forbids: runs given to it are checked against the
// bundled spec's EvalRunResult schema at every entry point, and (validateResponses) bodies are
// checked before they are sent. Faults still send broken bodies on purpose.

const valid = (i: number, patch: Record<string, unknown> = {}) => ({ ...makeEvalRun(i, 7), ...patch }) as EvalRunResult;
const without = (run: EvalRunResult, key: keyof EvalRunResult) => Object.fromEntries(Object.entries(run).filter(([name]) => name !== key)) as EvalRunResult;

/** The InvalidRunError `action` throws (or rejects with). */
async function refusal(action: () => unknown): Promise<InvalidRunError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRunError);
    return error as InvalidRunError;
  }
  throw new Error("expected an InvalidRunError, but the run was accepted");
}

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandbox({ runs: 20 });
});
afterAll(() => server.close());

describe("runs are checked against the spec", () => {
  test.each([
    ["a wrong type", { status: 5 }, "/status", "type", /must be string/],
    ["a bad enum value", { status: "bogus" }, "/status", "enum", /allowed values: "created", "processing", "finished", "failed"/],
    ["a bad date-time", { created_at: "yesterday" }, "/created_at", "format", /must match format "date-time"/],
    ["a wrong type deep inside", { responses: [{ prompt_uuid: 42 }] }, "/responses/0/prompt_uuid", "type", /must be string/],
    ["a null where null is not allowed", { eval_uuid: null }, "/eval_uuid", "type", /must be string/],
  ])("%s is refused by seed(), naming the run, the path and the rule", async (_label, patch, path, keyword, rule) => {
    const runs = [valid(0), valid(1, patch)];
    const error = await refusal(() => server.seed(runs));
    expect(error).toMatchObject({ run: "runs[1]", uuid: runs[1]!.eval_run_uuid, path, keyword });
    expect(error.rule).toMatch(rule);
    expect(error.message).toContain(`seed: runs[1] (eval_run_uuid "${runs[1]!.eval_run_uuid}")`);
    expect(error.message).toContain(` at ${path}: `);
    expect(server.runs).toHaveLength(20); // nothing changed
  });

  test("a missing required field is named in the path", async () => {
    const error = await refusal(() => server.seed([without(valid(3), "created_at")]));
    expect(error).toMatchObject({ run: "runs[0]", path: "/created_at", keyword: "required" });
    expect(error.rule).toBe("must have required property 'created_at'");
  });

  test("createSandboxServer({ runs }), insert() and update() refuse the same way", async () => {
    const atStart = await refusal(() => startSandbox({ runs: [valid(0), valid(1), valid(2, { pass_rate: "high" })] }));
    expect(atStart).toMatchObject({ run: "runs[2]", path: "/pass_rate", keyword: "type" });
    expect(atStart.message).toMatch(/^createSandboxServer: runs\[2\]/);

    const inserted = await refusal(() => server.insert(valid(50, { eval_run_uuid: "score_run.bad", updated_at: "2025-02-30T00:00:00Z" })));
    expect(inserted).toMatchObject({ run: "the run", uuid: "score_run.bad", path: "/updated_at", keyword: "format" });
    expect(server.runs.some((run) => run.eval_run_uuid === "score_run.bad")).toBe(false);

    const target = server.runs[4]!;
    const updated = await refusal(() => server.update(target.eval_run_uuid, { status: "done" as EvalRunResult["status"] }));
    expect(updated).toMatchObject({ run: "the patched run", uuid: target.eval_run_uuid, path: "/status", keyword: "enum" });
    expect(updated.message).toMatch(/^update: /);
    expect(server.runs[4]).toEqual(target);
  });

  test("a property the spec does not list is served, since EvalRunResult does not forbid one (the fixture-spec test covers a schema that does)", async () => {
    server.seed([valid(0, { note: "extra" })]);
    const { body } = await get(server);
    expect((body as { items: Array<{ note?: string }> }).items[0]!.note).toBe("extra");
    server.seed(20);
  });
});

describe("validateResponses", () => {
  test("names the status, the path and the rule of a body that breaks the spec", () => {
    expect(responseViolation(200, Buffer.from('{"items":[{"eval_run_uuid":"x"}],"count":1}'))).toBe(
      "the 200 body breaks the spec at /items/0/eval_uuid: must have required property 'eval_uuid' (required)",
    );
    expect(responseViolation(503, Buffer.from('{"error":{"code":"oops","message":"x"}}'))).toMatch(/^the 503 body breaks the spec at \/error\/code: must be equal to one of the allowed values: .*"server.internal_error"/);
    expect(responseViolation(200, Buffer.from("{"))).toMatch(/^the 200 body is not JSON/);
    expect(responseViolation(200, Buffer.from('{"items":[],"count":0}'))).toBeUndefined();
    expect(responseViolation(418, Buffer.from("not json"))).toBeUndefined(); // no body declared for 418
  });

  test("is on in these tests, and faults still send broken bodies on purpose", async () => {
    server.faults.next({ kind: "truncated-json" }, { kind: "status", status: 418 }, { kind: "wrong-content-type" });
    const truncated = await get(server);
    expect(truncated.response.status).toBe(200);
    expect(truncated.body).toBeUndefined(); // not JSON: cut in half
    expect((await get(server)).response.status).toBe(418);
    expect((await get(server)).response.headers.get("content-type")).toMatch(/^text\/plain/);
  });
});
