/** Helpers of the per-clause tests of the SPEC 7.11 rules: run a body after HEADER and name findings by text. */
import { HEADER, HEADER_LINES, brief, validate } from "./helpers.js";
import type { Finding, ValidateResult } from "../src/index.js";

export interface Run {
  result: ValidateResult;
  /** `RULE severity file:line:col` of every finding */
  brief: string[];
  findings: Finding[];
}

/** Validate `body` (after HEADER, as src/index.ts) plus extra files. */
export async function run(body: string, files: Record<string, string> = {}): Promise<Run> {
  const result = await validate({ "src/index.ts": HEADER + body, ...files });
  return { result, brief: brief(result.findings), findings: result.findings };
}

/**
 * The brief line of a finding expected at the first `text` on body line `line` (1-based, after HEADER), or on
 * line `line` of another file when `file` is given with its text.
 */
export function at(
  rule: string,
  body: string,
  line: number,
  text: string,
  severity: "error" | "warn" = "error",
  file?: { name: string; text: string },
): string {
  const src = file ? file.text : body;
  const lineText = src.split("\n")[line - 1] ?? "";
  const col = lineText.indexOf(text);
  if (col < 0) throw new Error(`test bug: "${text}" not on line ${line}: ${lineText}`);
  const where = file ? `${file.name}:${line}` : `src/index.ts:${line + HEADER_LINES}`;
  return `${rule} ${severity} ${where}:${col + 1}`;
}

/** Findings of one rule only. */
export function only(r: Run, rule: string): string[] {
  return r.brief.filter((b) => b.startsWith(`${rule} `));
}
