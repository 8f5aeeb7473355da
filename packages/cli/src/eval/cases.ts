// Author eval files (SPEC 9): `evals/*.json`, each an array of cases. Parsing is strict, because a typo in an
// expectation would otherwise pass silently: every problem names the file, the case index and the field.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isValidUserId } from "@imperal/sdk/patterns";
import { CliError } from "../errors.js";

/** How one expected argument is matched against the classified value. */
export type ArgMatcher =
  | { kind: "equals"; value: unknown }
  | { kind: "includes"; value: string }
  | { kind: "matches"; value: RegExp; source: string }
  | { kind: "oneOf"; value: unknown[] }
  | { kind: "absent" };

/** The outcomes a turn can answer with (SPEC 4, plus `failed` from SPEC 9). */
export const EVAL_OUTCOMES = [
  "completed",
  "needs_confirmation",
  "rejected",
  "promoted",
  "clarify",
  "chat",
  "failed",
] as const;

/** What a case expects of its turn. `tool: null` expects no tool call (a chat or clarify answer). */
export interface EvalExpect {
  tool: string | null;
  args?: Record<string, ArgMatcher>;
  outcome?: string;
}

/** One parsed case. */
export interface EvalCase {
  /** The case's name, or `#<index>` plus the start of its message. */
  name: string;
  /** Position in its file (0-based), for messages. */
  index: number;
  message: string;
  /** The acting user (an id, optionally with its scopes); undefined = a fresh user of its own. */
  user?: { id: string; scopes?: string[] };
  /** Earlier user messages, sent as turns (unchecked) before `message`. */
  history: string[];
  expect: EvalExpect;
}

/** One eval file with its cases; `file` is relative to the extension root (`evals/basic.json`). */
export interface EvalFile {
  file: string;
  cases: EvalCase[];
}

const CASE_KEYS = new Set(["name", "message", "user", "history", "expect"]);
const EXPECT_KEYS = new Set(["tool", "args", "outcome"]);
const MATCHER_KEYS = new Set(["includes", "matches", "oneOf", "absent"]);
const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function problem(file: string, where: string, what: string): CliError {
  return new CliError(
    "E_EVAL_FILE",
    `${file}${where}: ${what}`,
    'each case is { "message": "...", "expect": { "tool": "<tool>", "args"?: {...}, "outcome"?: "..." } } — see docs/evals.md',
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A value written as `{ "includes" | "matches" | "oneOf" | "absent": ... }` (exactly one of those keys) is a matcher. */
export function parseMatcher(raw: unknown, fail: (what: string) => CliError): ArgMatcher {
  if (!isPlainObject(raw)) return { kind: "equals", value: raw };
  const keys = Object.keys(raw);
  if (keys.length !== 1 || !MATCHER_KEYS.has(keys[0]!)) {
    if (keys.some((k) => MATCHER_KEYS.has(k)))
      throw fail(`a matcher has exactly one key (includes, matches, oneOf or absent), got ${keys.join(", ")}`);
    return { kind: "equals", value: raw };
  }
  const key = keys[0]!;
  const v = raw[key];
  switch (key) {
    case "includes":
      if (typeof v !== "string" || v === "") throw fail('"includes" takes a non-empty string');
      return { kind: "includes", value: v };
    case "matches": {
      if (typeof v !== "string" || v === "") throw fail('"matches" takes a regular expression as a string');
      try {
        return { kind: "matches", value: new RegExp(v), source: v };
      } catch (e) {
        throw fail(`"matches" is not a valid regular expression: ${(e as Error).message}`);
      }
    }
    case "oneOf":
      if (!Array.isArray(v) || v.length === 0) throw fail('"oneOf" takes a non-empty array of values');
      return { kind: "oneOf", value: v };
    default:
      if (v !== true) throw fail('"absent" takes true');
      return { kind: "absent" };
  }
}

function parseUser(raw: unknown, fail: (what: string) => CliError): EvalCase["user"] {
  if (raw === undefined) return undefined;
  let id: unknown;
  let scopes: unknown;
  if (typeof raw === "string") {
    const i = raw.indexOf(":");
    id = i < 0 ? raw : raw.slice(0, i);
    if (i >= 0)
      scopes = raw
        .slice(i + 1)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
  } else if (isPlainObject(raw)) {
    ({ id, scopes } = raw);
  } else throw fail('"user" must be a user id ("alice", "alice:notes:read") or { "id", "scopes"? }');
  if (typeof id !== "string" || !isValidUserId(id)) throw fail(`"user": ${JSON.stringify(id)} is not a valid user id`);
  if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string")))
    throw fail('"user".scopes must be an array of strings');
  return scopes === undefined ? { id } : { id, scopes: scopes as string[] };
}

/** Parse the text of one eval file; `file` names it in errors. */
export function parseEvalFile(file: string, text: string): EvalFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw problem(file, "", `not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(raw)) throw problem(file, "", "must be a JSON array of cases");
  const cases = raw.map((c, index): EvalCase => {
    const at = (field = "") => problem.bind(null, file, ` case ${index}${field ? ` ${field}` : ""}`);
    if (!isPlainObject(c)) throw at()("must be an object");
    const extra = Object.keys(c).filter((k) => !CASE_KEYS.has(k));
    if (extra.length) throw at()(`unknown field ${extra.map((k) => `"${k}"`).join(", ")}`);
    if (typeof c.message !== "string" || c.message.trim() === "") throw at('"message"')("must be a non-empty string");
    if (c.name !== undefined && (typeof c.name !== "string" || c.name === ""))
      throw at('"name"')("must be a non-empty string");
    const history = c.history ?? [];
    if (!Array.isArray(history)) throw at('"history"')("must be an array of messages");
    const messages = history.map((h: unknown, i) => {
      const text = isPlainObject(h) && (h.role === undefined || h.role === "user") ? h.content : h;
      if (typeof text !== "string" || text.trim() === "")
        throw at(`"history"[${i}]`)('must be a message: a string or { "role": "user", "content": "..." }');
      return text;
    });
    const e = c.expect;
    if (!isPlainObject(e)) throw at('"expect"')('is required: { "tool": "<tool>" }');
    const extraE = Object.keys(e).filter((k) => !EXPECT_KEYS.has(k));
    if (extraE.length) throw at('"expect"')(`unknown field ${extraE.map((k) => `"${k}"`).join(", ")}`);
    if (!("tool" in e)) throw at('"expect"')('needs "tool" (a tool name, or null for no tool call)');
    if (e.tool !== null && (typeof e.tool !== "string" || !ID_RE.test(e.tool)))
      throw at('"expect.tool"')("must be a tool name or null");
    if (e.tool === null && e.args !== undefined) throw at('"expect.args"')('cannot be given with "tool": null');
    if (e.outcome !== undefined && !(EVAL_OUTCOMES as readonly string[]).includes(e.outcome as string))
      throw at('"expect.outcome"')(`must be one of ${EVAL_OUTCOMES.join(", ")}`);
    let args: Record<string, ArgMatcher> | undefined;
    if (e.args !== undefined) {
      if (!isPlainObject(e.args)) throw at('"expect.args"')('must be an object { "<param>": <value or matcher> }');
      args = {};
      for (const [k, v] of Object.entries(e.args)) args[k] = parseMatcher(v, at(`"expect.args.${k}"`));
    }
    const name = (c.name as string | undefined) ?? `#${index} ${c.message.slice(0, 40)}`;
    return {
      name,
      index,
      message: c.message,
      user: parseUser(c.user, at('"user"')),
      history: messages,
      expect: {
        tool: e.tool as string | null,
        ...(args ? { args } : {}),
        ...(e.outcome ? { outcome: e.outcome as string } : {}),
      },
    };
  });
  return { file, cases };
}

/** Read every `evals/*.json` of an extension (sorted by name). Throws E_EVAL_NO_FILES / E_EVAL_FILE. */
export function loadEvalFiles(dir: string): EvalFile[] {
  const evalsDir = path.join(dir, "evals");
  const files =
    existsSync(evalsDir) && statSync(evalsDir).isDirectory()
      ? readdirSync(evalsDir)
          .filter((f) => f.endsWith(".json"))
          .sort()
      : [];
  if (!files.length) {
    throw new CliError(
      "E_EVAL_NO_FILES",
      `no eval files: ${path.join(dir, "evals")} has no *.json`,
      'add evals/basic.json: [{ "message": "...", "expect": { "tool": "<tool>" } }] (or /save-eval in the imperal dev REPL)',
    );
  }
  const out = files.map((f) => {
    const rel = `evals/${f}`;
    return parseEvalFile(rel, readFileSync(path.join(evalsDir, f), "utf8"));
  });
  if (out.every((f) => f.cases.length === 0)) {
    throw new CliError("E_EVAL_NO_FILES", `the eval files in ${evalsDir} hold no cases`, "add a case to one of them");
  }
  return out;
}
