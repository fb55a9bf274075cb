// Fields the spec gives eval runs that data.ts does not write by hand (one added to the spec after
// data.ts was written): filled from their schema in generated/responses.ts, so a new field reaches
// the sandbox's data, and can be filtered on, with no edit here.
import { listItems } from "../../generated/responses.js";

interface FieldShape {
  readonly type: readonly string[];
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly required: boolean;
}

const FIELDS: Readonly<Record<string, FieldShape>> = listItems.listEvalRuns.fields;
const EPOCH_MS = Date.UTC(2025, 0, 1);

/** A value of `shape` for run `index`: every enum value, true and false, and null, over the indexes. */
function valueFor(name: string, shape: FieldShape, index: number): unknown {
  if (!shape.required && shape.type.includes("null") && index % 4 === 3) return null;
  const values = shape.enum?.filter((value) => value !== null);
  if (values && values.length > 0) return values[index % values.length];
  const time = new Date(EPOCH_MS + index * 3_600_000).toISOString().replace(".000Z", "Z");
  switch (shape.type.find((type) => type !== "null")) {
    case "boolean":
      return index % 2 === 0;
    case "integer":
      return index % 10;
    case "number":
      return (index % 10) / 10;
    case "array":
      return [];
    case "object":
      return {};
    default:
      if (shape.format === "date-time") return time;
      if (shape.format === "date") return time.slice(0, 10);
      if (shape.format === "uuid") return `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
      return `${name}.${index}`;
  }
}

/**
 * A function that adds to a run the spec's fields `sample` (a run with every field data.ts
 * knows) lacks: all of them, or only the required ones for a required-fields-only run.
 */
export function specFieldFiller<Run extends object>(sample: () => Run): (run: Run, index: number, requiredOnly: boolean) => Run {
  let missing: Array<[string, FieldShape]> | undefined;
  return (run, index, requiredOnly) => {
    missing ??= Object.entries(FIELDS).filter(([name]) => !Object.hasOwn(sample(), name));
    if (missing.length === 0) return run;
    const extra = missing.filter(([, shape]) => shape.required || !requiredOnly).map(([name, shape]) => [name, valueFor(name, shape, index)]);
    return { ...run, ...Object.fromEntries(extra) };
  };
}
