// Code a downstream repo wrote against aymara-eval-runs 0.1.0 that imports only types
// ("./types", free at run time): every name of the entry, with exhaustive switches over the
// enums the API returns and reads of every required field, so a removal, a rename, a narrowing,
// a field turned optional or nullable, or a new enum value fails to compile here.
import type {
  components,
  operations,
  paths,
  ContentType,
  ErrorCode,
  ErrorDetail,
  ErrorResponse,
  EvalConfiguration,
  EvalRunResult,
  EvalRunResultPage,
  EvalRunStatus,
  FileReference,
  ListEvalRunsQuery,
  ListEvalRunsResponse,
  NextPrompt,
  PromptExample,
  PromptExampleType,
  ScoredResponse,
} from "aymara-eval-runs/types";
import { assertNever, notAny } from "./check.js";

export function isTerminal(status: EvalRunStatus): boolean {
  switch (status) {
    case "created":
    case "processing":
      return false;
    case "finished":
    case "failed":
      return true;
    default:
      return assertNever(status, "eval run status");
  }
}

/** What the app does about each error code (retry, re-authenticate, fix the request, give up). */
export function reactionTo(code: ErrorCode): "retry" | "reauthenticate" | "fix-request" | "give-up" {
  switch (code) {
    case "auth.invalid_key":
    case "auth.expired_key":
      return "reauthenticate";
    case "auth.insufficient_permissions":
    case "resource.not_found":
    case "resource.conflict":
      return "give-up";
    case "validation.invalid_request":
    case "validation.invalid_format":
      return "fix-request";
    case "quota.limit_exceeded":
    case "server.internal_error":
      return "retry";
    default:
      return assertNever(code, "error code");
  }
}

export function mediaLabel(type: ContentType): string {
  switch (type) {
    case "text":
      return "Text";
    case "image":
      return "Image";
    default:
      return assertNever(type, "content type");
  }
}

export function exampleWeight(type: PromptExampleType): 1 | -1 {
  switch (type) {
    case "good":
      return 1;
    case "bad":
      return -1;
    default:
      return assertNever(type, "prompt example type");
  }
}

/** Reads every required field of a run and its nested objects, and the optional ones as optional. */
export function summarizeRun(run: EvalRunResult): string {
  const uuid: string = run.eval_run_uuid;
  const evalUuid: string = run.eval_uuid;
  const status: EvalRunStatus = run.status;
  const created: string = run.created_at;
  const updated: string = run.updated_at;
  const name: string | null | undefined = run.name;
  const description: string | null | undefined = run.ai_description;
  const workspace: string | null | undefined = run.workspace_uuid;
  const passRate: number | null | undefined = run.pass_rate;
  const prompts: number | null | undefined = run.num_prompts;
  const scored: number | null | undefined = run.num_responses_scored;
  const evaluation = run.evaluation ? describeEvaluation(run.evaluation) : "no evaluation";
  const responses = (run.responses ?? []).map(describeResponse);
  const rate = passRate == null ? "n/a" : `${Math.round(passRate * 100)}%`;
  return [uuid, evalUuid, status, isTerminal(status), created <= updated, name ?? "-", description ?? "-", workspace ?? "-", rate, prompts ?? 0, scored ?? 0, evaluation, responses.length].join(" ");
}

export function describeEvaluation(config: EvalConfiguration): string {
  const description: string = config.ai_description;
  const type: string = config.eval_type;
  const modality: ContentType | undefined = config.modality;
  const examples: PromptExample[] = config.prompt_examples ?? [];
  const groundTruth: string | FileReference | null | undefined = config.ground_truth;
  const status: EvalRunStatus | null | undefined = config.status;
  const flags: [boolean | undefined, boolean | undefined] = [config.is_jailbreak, config.is_sandbox];
  const optional: (string | number | null | undefined)[] = [config.eval_uuid, config.name, config.ai_instructions, config.eval_instructions, config.language, config.num_prompts, config.workspace_uuid, config.created_at, config.updated_at];
  const weight = examples.reduce((sum, example) => sum + exampleWeight(example.type ?? "good") * example.content.length, 0);
  const truth = typeof groundTruth === "string" ? groundTruth : groundTruth ? Object.keys(groundTruth).join(",") : "-";
  return [description, type, modality ? mediaLabel(modality) : "-", weight, truth, status ?? "-", flags.join("/"), optional.length, examples.map(describeExample).join(";")].join(" ");
}

export function describeExample(example: PromptExample): string {
  const content: string = example.content;
  const fields: (string | null | undefined)[] = [example.example_uuid, example.explanation];
  return `${content}:${example.type ?? "-"}:${fields.filter(Boolean).length}`;
}

export function describeResponse(response: ScoredResponse): string {
  const promptUuid: string = response.prompt_uuid;
  const content: string | FileReference | null | undefined = response.content;
  const type: ContentType | undefined = response.content_type;
  const passed: boolean | null | undefined = response.is_passed;
  const confidence: number | null | undefined = response.confidence;
  const turn: number | undefined = response.turn_number;
  const flags: (boolean | undefined)[] = [response.continue_thread, response.exclude_from_scoring, response.ai_refused];
  const ids: (string | null | undefined)[] = [response.thread_uuid, response.response_uuid, response.explanation];
  const next = response.next_prompt ? describeNextPrompt(response.next_prompt) : "-";
  return [promptUuid, typeof content === "string" ? content.length : "file", type ?? "-", passed ?? "-", confidence ?? "-", turn ?? 0, flags.length, ids.length, next].join(" ");
}

export function describeNextPrompt(next: NextPrompt): string {
  const promptUuid: string = next.prompt_uuid;
  const content: string = next.content;
  const rest: (string | number | null | undefined)[] = [next.thread_uuid, next.turn_number, next.category];
  return `${promptUuid}:${content.length}:${rest.length}`;
}

/** Parses an error body the app received outside the SDK (e.g. from a proxy log). */
export function errorSummary(body: ErrorResponse): string {
  const detail: ErrorDetail = body.error;
  const code: ErrorCode = detail.code;
  const message: string = detail.message;
  const details: { [key: string]: unknown } | undefined = detail.details;
  const requestId: string | undefined = body.request_id;
  return `${code} (${reactionTo(code)}): ${message} [${Object.keys(details ?? {}).join(",")}] ${requestId ?? ""}`.trim();
}

/** A page body: both required fields. */
export function pageSize(page: EvalRunResultPage | ListEvalRunsResponse): { count: number; items: number } {
  const count: number = page.count;
  const items: EvalRunResult[] = page.items;
  return { count, items: items.length };
}

/** Every query parameter of 0.1.0, with the values a caller sends. */
export function queryFor(evalUuid: string, workspaceUuid: string): ListEvalRunsQuery {
  return { eval_uuid: evalUuid, workspace_uuid: workspaceUuid, limit: 50, offset: 0 };
}

// The whole-document types, indexed the way openapi-typescript users index them.
type ListOperation = paths["/v2/eval-runs"]["get"];
type QueryOfOperation = NonNullable<operations["listEvalRuns"]["parameters"]["query"]>;
type RunSchema = components["schemas"]["EvalRunResult"];
type NotFoundBody = operations["listEvalRuns"]["responses"][404]["content"]["application/json"];
type Responses = operations["listEvalRuns"]["responses"];
/** Every error status of 0.1.0 still has the error envelope as its body. */
type ErrorBodies = [Responses[400], Responses[401], Responses[403], Responses[404], Responses[409], Responses[422], Responses[429], Responses[500], Responses[503]][number]["content"]["application/json"];
export const documentTypes = {
  query: { limit: 10 } satisfies QueryOfOperation,
  operation: null as ListOperation | null,
  run: null as RunSchema | null,
  notFound: null as NotFoundBody | null,
  anyError: null as ErrorBodies | null,
};
export function errorBodySummary(body: ErrorBodies): string {
  return errorSummary(body);
}
notAny<ListOperation>(true);
notAny<RunSchema>(true);
notAny<NotFoundBody>(true);
notAny<EvalRunResult>(true);
