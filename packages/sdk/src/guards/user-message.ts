import type { SchemaIssue } from "../schema/index.js";
import { formatPath } from "./path.js";

const FALLBACK = "Something went wrong while running this action. Please try again.";
// Class names of schema libraries (zod, pydantic, ajv, yup, valibot) must never reach users (I-MAGIC-UX).
const SCHEMA_CLASS =
  /\$?\b(?:Zod[A-Za-z]*|\$Zod[A-Za-z]*|ZodError|pydantic[A-Za-z_.]*|ValidationError|Ajv[A-Za-z]*|ValiError)\b:?/g;
const STACK_LINE = /^\s*at\s.+$/;
const FILE_REF = /\(?(?:file:\/\/)?(?:[A-Za-z]:)?(?:\/[^\s()]+)+\.(?:[cm]?[jt]sx?)(?::\d+){0,2}\)?/g;

/** Renders schema issues as short prose (no library names, no JSON). */
export function issuesToProse(issues: readonly SchemaIssue[], args?: unknown): string {
  return issues.map((i) => `- ${formatPath(i.path)}: ${describeIssue(i, args)}`).join("\n");
}

function valueAt(args: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = args;
  for (const p of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** One issue as a sentence. `args` lets us tell "missing" from "wrong type". */
export function describeIssue(issue: SchemaIssue, args?: unknown): string {
  const present = args !== undefined && valueAt(args, issue.path) !== undefined;
  switch (issue.code) {
    case "invalid_type":
      if (!present)
        return `required field is missing${issue.expected ? ` (expected ${article(issue.expected)})` : ""}.`;
      return `expected ${article(issue.expected ?? "a different type")}, got ${typeName(valueAt(args, issue.path))}.`;
    case "invalid_enum_value":
    case "invalid_value":
      return issue.options
        ? `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}.`
        : "has a value that is not allowed.";
    case "unrecognized_keys":
      return `unknown field(s) ${(issue.keys ?? []).map((k) => `\`${k}\``).join(", ")}; remove them.`;
    case "too_small":
      return issue.minimum !== undefined
        ? `is too small or too short (minimum ${String(issue.minimum)}).`
        : "is too small or too short.";
    case "too_big":
      return issue.maximum !== undefined
        ? `is too large or too long (maximum ${String(issue.maximum)}).`
        : "is too large or too long.";
    default:
      return `${cleanText(issue.message).replace(/\.$/, "")}.`;
  }
}

function article(t: string): string {
  return /^[aeiou]/i.test(t) ? `an ${t}` : `a ${t}`;
}
function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

/** Strips stack frames, file paths and schema-library class names from text. */
export function cleanText(text: string): string {
  return text
    .split("\n")
    .filter((l) => !STACK_LINE.test(l))
    .join("\n")
    .replace(FILE_REF, "")
    .replace(SCHEMA_CLASS, "")
    .replace(/^\s*(?:Error|TypeError|RangeError|ReferenceError|SyntaxError)\s*:\s*/gm, "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/**
 * I-MAGIC-UX: turns any thrown value into text safe to show a user — no stack trace, no file path, no
 * schema-library class name, no raw issue JSON.
 */
export function toUserMessage(err: unknown): string {
  if (typeof err === "object" && err !== null && Array.isArray((err as { issues?: unknown }).issues)) {
    const issues = (err as { issues: Record<string, unknown>[] }).issues.map((i) => ({
      path: Array.isArray(i.path) ? (i.path as (string | number)[]) : [],
      code: String(i.code ?? ""),
      message: String(i.message ?? ""),
      ...(typeof i.expected === "string" ? { expected: i.expected } : {}),
    }));
    return `Some values were not valid:\n${issuesToProse(issues)}`;
  }
  let raw: string;
  if (typeof err === "string") raw = err;
  else if (
    err instanceof Error ||
    (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string")
  ) {
    raw = (err as { message: string }).message;
  } else raw = "";
  const text = cleanText(raw).slice(0, 500).trim();
  return text === "" ? FALLBACK : text;
}
