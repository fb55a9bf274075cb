import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import type { EvalRunResultPage } from "../../generated/types.js";
import { type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { get, listUrl, schemaValidator, validationErrors, type Query } from "./helpers.js";

// Every body the sandbox sends outside fault mode validates against the bundled spec's schemas.

const validatePage = schemaValidator("EvalRunResultPage");
const validateError = schemaValidator("ErrorResponse");

let server: SandboxServer;
let capped: SandboxServer;
let virtual: SandboxServer;
beforeAll(async () => {
  [server, capped, virtual] = await Promise.all([
    startSandbox(),
    startSandbox({ runs: 60, seed: 4, maxPageSize: 25 }),
    startSandbox({ virtualRuns: 2_000, seed: 8 }),
  ]);
});
afterAll(() => Promise.all([server.close(), capped.close(), virtual.close()]));

function expectValidPage(body: unknown, label: string): EvalRunResultPage {
  expect(validatePage(body), `${label}: ${validationErrors(validatePage)}`).toBe(true);
  return body as EvalRunResultPage;
}

describe("contract: bodies validate against the bundled spec", () => {
  test("a sweep of filters × limits × offsets gives valid pages of the right size", async () => {
    const runs = server.runs;
    const evalUuids = [...new Set(runs.map((run) => run.eval_uuid))];
    const workspaces = [...new Set(runs.map((run) => run.workspace_uuid).filter((uuid): uuid is string => typeof uuid === "string"))];
    const filters: Query[] = [{}, ...evalUuids.map((eval_uuid) => ({ eval_uuid })), ...workspaces.map((workspace_uuid) => ({ workspace_uuid }))];
    filters.push({ eval_uuid: evalUuids[0]!, workspace_uuid: workspaces[0]! }, { eval_uuid: "eval.none" });
    let pages = 0;
    for (const filter of filters) {
      for (const limit of [1, 7, 100, 1000]) {
        for (const offset of [0, 3, 99, 249, 250, 10_000]) {
          const { response, body } = await get(server, { ...filter, limit, offset });
          const label = JSON.stringify({ ...filter, limit, offset });
          expect(response.status, label).toBe(200);
          const page = expectValidPage(body, label);
          expect(page.items.length, label).toBe(Math.max(0, Math.min(limit, page.count - offset)));
          pages++;
        }
      }
    }
    expect(pages).toBeGreaterThan(150);
  });

  test("every page of a capped server and of a virtual server is valid", async () => {
    for (const [target, total] of [[capped, 60], [virtual, 2_000]] as const) {
      for (let offset = 0; offset < total; offset += 25) {
        const page = expectValidPage((await get(target, { limit: 100, offset })).body, `${target.url} offset ${offset}`);
        expect(page.count).toBe(total);
      }
    }
  });

  test("every error the sandbox sends by itself is a valid ErrorResponse", async () => {
    const answers = [
      await get(server, {}, { headers: {} }),
      await get(server, {}, { headers: { "x-api-key": "sk-wrong" } }),
      await get(server, { limit: 0 }),
      await get(server, { offset: "x" }),
      await get(virtual, { workspace_uuid: "workspace.x" }),
    ];
    const notFound = await fetch(listUrl(server, {}, "/v1/nope"), { headers: { "x-api-key": server.apiKey } });
    const notAllowed = await fetch(listUrl(server), { method: "POST", headers: { "x-api-key": server.apiKey } });
    const bodies = [...answers.map((answer) => answer.body), await notFound.json(), await notAllowed.json()];
    for (const body of bodies) expect(validateError(body), `${JSON.stringify(body)}: ${validationErrors(validateError)}`).toBe(true);
  });

  test("status faults send a valid ErrorResponse for every error status of the spec", async () => {
    for (const status of operations.listEvalRuns.errorStatuses) {
      server.faults.next({ kind: "status", status, retryAfter: 1 });
      const { response, body } = await get(server);
      expect(response.status).toBe(status);
      expect(validateError(body), `${status}: ${validationErrors(validateError)}`).toBe(true);
    }
  });

  test("the same check rejects a body that breaks the schema", () => {
    expect(validatePage({ items: [{ eval_run_uuid: "x", status: "done" }], count: 1 })).toBe(false);
  });
});
