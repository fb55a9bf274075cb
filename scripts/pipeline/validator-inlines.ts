// JavaScript written into generated/validators.ts in place of what ajv's compiled code would load
// at run time: the format checks (ajv-formats) and ajv's runtime helpers. With these inlined the
// module imports nothing, so the published package gains no dependency.

/** A function's JavaScript source and the name it declares. */
export interface InlineFunction {
  readonly name: string;
  readonly source: string;
  /** Other inlines (by format name) this one calls. */
  readonly needs?: readonly string[];
}

// As ajv-formats' "full" mode: RFC 3339 full-date and date-time (a time zone is required), and
// RFC 4122 UUIDs of any version. test/sandbox/validators.test.ts compares them with ajv-formats.
export const FORMAT_CHECKS: Readonly<Record<string, InlineFunction>> = {
  date: {
    name: "isDate",
    source: `function isDate(value) {
  const match = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(value);
  if (!match) return false;
  const year = Number(match[1]), month = Number(match[2]), day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}`,
  },
  "date-time": {
    name: "isDateTime",
    needs: ["date"],
    source: `function isDateTime(value) {
  const match = /^(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-](\\d{2}):(\\d{2}))$/.exec(value);
  if (!match || !isDate(match[1])) return false;
  const hour = Number(match[2]), minute = Number(match[3]), second = Number(match[4]);
  const zoneOk = match[7] === undefined || (Number(match[7]) <= 23 && Number(match[8]) <= 59);
  return hour <= 23 && minute <= 59 && second <= 60 && zoneOk;
}`,
  },
  uuid: {
    name: "isUuid",
    source: `function isUuid(value) {
  return /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(value);
}`,
  },
};

/** ajv's runtime modules (`require("ajv/dist/runtime/<name>").default`) by module path. */
export const AJV_RUNTIME: Readonly<Record<string, InlineFunction>> = {
  "ajv/dist/runtime/ucs2length": {
    name: "ucs2length",
    // JSON Schema counts a string's length in Unicode code points.
    source: `function ucs2length(value) {
  let length = 0;
  for (const _ of value) length++;
  return length;
}`,
  },
  "ajv/dist/runtime/equal": {
    name: "deepEqual",
    // JSON values only (what enum, const and uniqueItems compare).
    source: `function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]));
}`,
  },
};
