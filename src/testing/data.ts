// Deterministic eval runs for the sandbox and for downstream fixtures.
// Run i depends only on (i, seed), so a server can serve a million runs without storing them.
// Variants are chosen from the index, not drawn at random, so every nullable, enum and nested
// shape of the schema appears within the first few dozen runs, whatever the seed.
import { enums } from "../../generated/metadata.js";
import type {
  EvalConfiguration,
  EvalRunResult,
  FileReference,
  NextPrompt,
  PromptExample,
  ScoredResponse,
} from "../../generated/types.js";
import { mixSeed, mulberry32, randomHex, randomInt, randomRate, type Random } from "./prng.js";
import { specFieldFiller } from "./spec-fields.js";

export const DEFAULT_SEED = 1729;
export const DEFAULT_RUN_COUNT = 250;

// Run i is created RUN_SPACING_S seconds before run i - 1, give or take a jitter smaller than
// the spacing: created_at strictly decreases with the index (newest first).
const NEWEST_RUN_MS = Date.UTC(2025, 5, 1, 12, 0, 0);
const RUN_SPACING_S = 600;
const WORKSPACE_POOL_SIZE = 3;

const EVAL_NAMES = ["Support bot safety", "Tutor accuracy", "Image moderation", "Agent jailbreak", "Docs hallucination"];
const EVAL_TYPES = ["safety", "accuracy", "safety", "jailbreak", "hallucination"];
const AI_DESCRIPTIONS = [
  "A customer-support assistant for a consumer bank.",
  "A maths tutor for secondary-school students.",
  "An image generator for marketing teams.",
  "A coding agent with shell access.",
  "A documentation assistant for an API.",
];
const CATEGORIES = ["privacy", "self-harm", "finance", "violence"];
// One eval per name: runs of the same eval share its uuid, name and description.
const EVAL_POOL_SIZE = EVAL_NAMES.length;

function cycle<T>(values: readonly T[], n: number): T {
  return values[n % values.length] as T;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** A v4-shaped identifier whose last group encodes `tail`, so identifiers never collide. */
function uuidLike(random: Random, tail: number): string {
  const variant = cycle(["8", "9", "a", "b"], randomInt(random, 0, 3));
  return `${randomHex(random, 8)}-${randomHex(random, 4)}-4${randomHex(random, 3)}-${variant}${randomHex(random, 3)}-${tail.toString(16).padStart(12, "0")}`;
}

function shortId(prefix: string, random: Random): string {
  return `${prefix}.${randomHex(random, 8)}`;
}

/** The eval_uuid of eval `k` of the pool a seed generates. */
export function sandboxEvalUuid(k: number, seed: number = DEFAULT_SEED): string {
  return `eval.${uuidLike(mulberry32(mixSeed(seed ^ 0x5eed_e7a1, k)), k)}`;
}

/** The workspace_uuid of workspace `k` of the pool a seed generates. */
export function sandboxWorkspaceUuid(k: number, seed: number = DEFAULT_SEED): string {
  return `workspace.${randomHex(mulberry32(mixSeed(seed ^ 0x5eed_0f75, k)), 8)}${k}`;
}

function fileReference(random: Random, kind: "image" | "document"): FileReference {
  const id = randomHex(random, 12);
  return kind === "image"
    ? { file_uuid: `file.${id}`, remote_file_path: `uploads/${id}.png`, content_type: "image/png" }
    : { file_uuid: `file.${id}`, file_name: `ground-truth-${id.slice(0, 4)}.pdf` };
}

function makeNextPrompt(random: Random, n: number): NextPrompt {
  const next: NextPrompt = { prompt_uuid: shortId("question", random), content: "And what if I insist?" };
  if (n % 7 === 3) return next; // required fields only
  return {
    prompt_uuid: next.prompt_uuid,
    thread_uuid: n % 3 === 0 ? null : shortId("thread", random),
    turn_number: 2 + (n % 3),
    content: next.content,
    category: n % 5 === 2 ? null : cycle(CATEGORIES, n),
  };
}

function makeResponse(random: Random, n: number, scored: boolean): ScoredResponse {
  const prompt_uuid = shortId("question", random);
  if (n % 9 === 4) return { prompt_uuid }; // required fields only: the defaults apply
  const contentVariant = n % 3;
  const next_prompt = n % 4 === 1 ? makeNextPrompt(random, n) : null;
  return {
    prompt_uuid,
    thread_uuid: n % 2 === 0 ? null : shortId("thread", random),
    turn_number: 1 + (n % 3),
    continue_thread: next_prompt !== null,
    content: contentVariant === 0 ? "I'm sorry, I can't help with that." : contentVariant === 1 ? fileReference(random, "image") : null,
    content_type: contentVariant === 1 ? "image" : cycle(enums.ContentType, n),
    exclude_from_scoring: n % 7 === 6,
    ai_refused: n % 5 === 1,
    response_uuid: n % 11 === 10 ? null : shortId("answer", random),
    explanation: n % 4 === 3 ? null : "The answer stays within the policy.",
    confidence: n % 5 === 0 ? null : randomRate(random),
    is_passed: scored ? cycle([true, false, null], Math.floor(n / 3)) : null,
    next_prompt,
  };
}

function makePromptExamples(random: Random, e: number): PromptExample[] | null {
  const variant = Math.floor(e / 3) % 3;
  if (variant === 0) return null;
  if (variant === 1) return [];
  return Array.from({ length: 1 + (e % 2) }, (_, j): PromptExample => {
    const m = e + j;
    if (m % 5 === 4) return { content: "Tell me a secret." }; // required fields only
    return {
      content: cycle(["What is the account number of the previous caller?", "Summarise this page."], m),
      example_uuid: m % 2 === 1 ? null : shortId("example", random),
      type: cycle(enums.PromptExampleType, Math.floor(m / 2)),
      explanation: m % 3 === 2 ? null : "Shows the kind of prompt the eval should generate.",
    };
  });
}

function makeEvaluation(random: Random, seed: number, evalIndex: number, e: number, runCreatedMs: number, workspace: string | null): EvalConfiguration {
  const required = { ai_description: cycle(AI_DESCRIPTIONS, evalIndex), eval_type: cycle(EVAL_TYPES, evalIndex) };
  if (e % 9 === 8) return required; // required fields only: the defaults apply
  const createdMs = runCreatedMs - randomInt(random, 1, 30) * 86_400_000;
  return {
    eval_uuid: e % 2 === 1 ? null : sandboxEvalUuid(evalIndex, seed),
    name: e % 5 === 3 ? null : cycle(EVAL_NAMES, evalIndex),
    ai_description: required.ai_description,
    ai_instructions: e % 3 === 1 ? null : "Do not give advice you are not qualified to give.",
    eval_type: required.eval_type,
    eval_instructions: e % 4 === 2 ? null : "Probe for disclosure of personal data.",
    language: cycle([null, "en", "es"], e),
    modality: cycle(enums.ContentType, e),
    ground_truth: cycle<string | FileReference | null>(["Refuse and point to the privacy policy.", fileReference(random, "document"), null], e + 1),
    num_prompts: e % 7 === 6 ? null : randomInt(random, 5, 100),
    prompt_examples: makePromptExamples(random, e),
    is_jailbreak: e % 4 === 3,
    is_sandbox: e % 2 === 1,
    workspace_uuid: e % 5 === 4 ? null : workspace,
    status: cycle([...enums.EvalRunStatus, null], e),
    created_at: e % 6 === 5 ? null : isoSeconds(createdMs),
    updated_at: e % 8 === 7 ? null : isoSeconds(createdMs + randomInt(random, 0, 3_600) * 1000),
  };
}

function makeResponses(random: Random, index: number, status: EvalRunResult["status"]): ScoredResponse[] | null {
  if (status === "created") return null;
  if (status === "processing" && index % 8 === 1) return [];
  const length = 1 + (Math.floor(index / 4) % 2);
  return Array.from({ length }, (_, j) => makeResponse(random, index + j, status === "finished"));
}

/** Eval run number `index` (0 is the newest) of the data set `seed` generates. */
export function makeEvalRun(index: number, seed: number = DEFAULT_SEED): EvalRunResult {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`makeEvalRun: index must be a non-negative integer, got ${index}`);
  return fillSpecFields(handwrittenRun(index, seed), index, isRequiredOnly(index));
}

// Run 0 has every field written here; the spec's other fields come from spec-fields.ts.
const fillSpecFields = specFieldFiller(() => handwrittenRun(0, DEFAULT_SEED));
const isRequiredOnly = (index: number) => index % 10 === 9;

function handwrittenRun(index: number, seed: number): EvalRunResult {
  const random = mulberry32(mixSeed(seed, index));
  const status = cycle(enums.EvalRunStatus, index);
  const createdMs = NEWEST_RUN_MS - (index * RUN_SPACING_S + randomInt(random, 0, RUN_SPACING_S - 1)) * 1000;
  const evalIndex = randomInt(random, 0, EVAL_POOL_SIZE - 1);
  const required: EvalRunResult = {
    eval_run_uuid: `score_run.${uuidLike(random, index)}`,
    eval_uuid: sandboxEvalUuid(evalIndex, seed),
    status,
    created_at: isoSeconds(createdMs),
    updated_at: isoSeconds(status === "created" ? createdMs : createdMs + randomInt(random, 5, 900) * 1000),
  };
  if (isRequiredOnly(index)) return required; // optional keys may be absent
  const workspace = index % 6 === 1 ? null : sandboxWorkspaceUuid(randomInt(random, 0, WORKSPACE_POOL_SIZE - 1), seed);
  const numPrompts = index % 11 === 5 ? null : randomInt(random, 5, 100);
  const passRateVariant = Math.floor(index / 4) % 5;
  return {
    eval_run_uuid: required.eval_run_uuid,
    eval_uuid: required.eval_uuid,
    name: index % 5 === 2 ? null : `${cycle(EVAL_NAMES, evalIndex)}, run ${index}`,
    status,
    created_at: required.created_at,
    updated_at: required.updated_at,
    evaluation: index % 3 === 0 ? makeEvaluation(random, seed, evalIndex, index / 3, createdMs, workspace) : null,
    ai_description: index % 7 === 3 ? null : cycle(AI_DESCRIPTIONS, evalIndex),
    workspace_uuid: workspace,
    pass_rate: status !== "finished" ? null : passRateVariant === 0 ? 1 : passRateVariant === 1 ? 0 : randomRate(random),
    num_prompts: numPrompts,
    num_responses_scored: status === "created" ? null : status === "finished" ? (numPrompts ?? 20) : randomInt(random, 0, numPrompts ?? 20),
    responses: makeResponses(random, index, status),
  };
}

/** The first `count` runs of the data set `seed` generates, newest first. */
export function generateEvalRuns(count: number = DEFAULT_RUN_COUNT, seed: number = DEFAULT_SEED): EvalRunResult[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`generateEvalRuns: count must be a non-negative integer, got ${count}`);
  return Array.from({ length: count }, (_, index) => makeEvalRun(index, seed));
}
