// What keeps the sandbox from serving anything the spec forbids: every run it is given is checked
// against the listed items' schema, and (with validateResponses) every body before it is sent.
// The validators are compiled ahead of time by the pipeline (generated/validators.ts), so this
// costs no compile at start and no run-time dependency.
import { listItems } from "../../generated/responses.js";
import { responseValidators, schemaValidators, type SchemaValidator, type ValidationIssue } from "../../generated/validators.js";

const RUN_SCHEMA = listItems.listEvalRuns.schema;
const validateRun: SchemaValidator = schemaValidators[RUN_SCHEMA];
const bodyValidators: Readonly<Record<number, SchemaValidator>> = responseValidators.listEvalRuns;

/** A run the sandbox refused to serve: it breaks the spec's schema for eval runs. */
export class InvalidRunError extends TypeError {
  /** Always "InvalidRunError". */
  override readonly name = "InvalidRunError";
  /** Which run: its position in the list given (`runs[3]`), or the call that gave it (`insert`). */
  readonly run: string;
  /** Its `eval_run_uuid`, when it has a string one. */
  readonly uuid: string | undefined;
  /** JSON Pointer to the offending value inside the run ("" for the run itself), e.g. `/status`. */
  readonly path: string;
  /** The schema keyword that failed: type, required, enum, format, additionalProperties, ... */
  readonly keyword: string;
  /** The rule, in words: `must be equal to one of the allowed values: "created", "processing", ...`. */
  readonly rule: string;

  /** @internal Built by the sandbox when it refuses a run. */
  constructor(where: string, run: string, uuid: string | undefined, issue: ValidationIssue) {
    const path = pathOf(issue);
    const rule = ruleOf(issue);
    const named = uuid === undefined ? run : `${run} (eval_run_uuid ${JSON.stringify(uuid)})`;
    super(`${where}: ${named} breaks the spec's ${RUN_SCHEMA} schema at ${path || "/"}: ${rule} (${issue.keyword}). Fix the run; the sandbox never serves what the spec forbids.`);
    this.run = run;
    this.uuid = uuid;
    this.path = path;
    this.keyword = issue.keyword;
    this.rule = rule;
  }
}

/** The pointer to the value at fault: a missing or extra property is named in the path. */
function pathOf(issue: ValidationIssue): string {
  const property = issue.params.missingProperty ?? issue.params.additionalProperty ?? issue.params.unevaluatedProperty;
  return typeof property === "string" ? `${issue.instancePath}/${property.replace(/~/g, "~0").replace(/\//g, "~1")}` : issue.instancePath;
}

function ruleOf(issue: ValidationIssue): string {
  const message = issue.message ?? `must satisfy ${issue.keyword}`;
  const allowed = issue.params.allowedValues;
  return Array.isArray(allowed) ? `${message}: ${allowed.map((value) => JSON.stringify(value)).join(", ")}` : message;
}

/** Throws InvalidRunError unless `run` matches the spec. `where` names the API call, `label` the run. */
export function checkRun(run: unknown, where: string, label: string): void {
  if (validateRun(run)) return;
  const uuid = (run as { eval_run_uuid?: unknown } | null)?.eval_run_uuid;
  throw new InvalidRunError(where, label, typeof uuid === "string" ? uuid : undefined, validateRun.errors![0]!);
}

const checkedBodies = new WeakSet<Buffer>();

/**
 * Why `body` may not be sent as a `status` answer, or undefined when it may (or when the spec
 * gives that status no JSON body). Page bodies are cached by the store: each is checked once.
 */
export function responseViolation(status: number, body: Buffer): string | undefined {
  const validate = bodyValidators[status];
  if (!validate || checkedBodies.has(body)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    return `the ${status} body is not JSON (${(error as Error).message})`;
  }
  if (!validate(parsed)) {
    const issue = validate.errors![0]!;
    return `the ${status} body breaks the spec at ${pathOf(issue) || "/"}: ${ruleOf(issue)} (${issue.keyword})`;
  }
  checkedBodies.add(body);
  return undefined;
}
