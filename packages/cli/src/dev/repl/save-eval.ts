// `/save-eval [name]` in the dev REPL: the last chat turn becomes an eval case in `evals/recorded.json` (its message,
// and the plan and outcome it actually produced as the expectation), so `imperal eval` keeps it from regressing.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TurnObject } from "../../chat/client.js";

/** The file `/save-eval` appends to, relative to the extension root. */
export const RECORDED_EVALS = path.join("evals", "recorded.json");

/** The REPL command entry (listed by /help). */
export const SAVE_EVAL_COMMAND = {
  name: "save-eval",
  usage: "/save-eval [name]",
  help: "save the last turn (message + actual plan) as an eval case in evals/recorded.json",
};

/**
 * The eval case a turn becomes, or why it cannot be one. The plan is read as `imperal eval` reads it: the classified
 * plan, or, for a "yes" that accepted a confirmation, the calls it ran.
 */
export function caseFromTurn(
  message: string,
  turn: TurnObject,
  name?: string,
): { case: Record<string, unknown> } | { error: string } {
  type Step = { tool: string; args?: Record<string, unknown> };
  let plan = (turn.classification?.plan ?? []) as Step[];
  const calls = Array.isArray(turn.calls) ? (turn.calls as Step[]) : [];
  if (plan.length === 0 && turn.classification?.is_acceptance && calls.length) plan = calls;
  if (plan.length > 1)
    return { error: `the last turn planned ${plan.length} steps; an eval case checks one tool call` };
  const step = plan[0];
  const expect: Record<string, unknown> = { tool: step ? step.tool : null };
  if (step && step.args && Object.keys(step.args).length) expect.args = step.args;
  if (turn.outcome) expect.outcome = turn.outcome;
  return { case: { ...(name ? { name } : {}), message, expect } };
}

/** Append one case to `<dir>/evals/recorded.json` (created when missing); resolves to the file and its case count. */
export function appendRecordedEval(dir: string, evalCase: Record<string, unknown>): { file: string; count: number } {
  const file = path.join(dir, RECORDED_EVALS);
  let cases: unknown[] = [];
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (!Array.isArray(raw)) throw new Error(`${RECORDED_EVALS} is not a JSON array of cases; fix or move it first`);
    cases = raw;
  }
  cases.push(evalCase);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cases, null, 2) + "\n");
  renameSync(tmp, file);
  return { file, count: cases.length };
}

/** Runs `/save-eval [name]` for the REPL: one line of feedback for `write`. */
export function saveEval(
  dir: string | undefined,
  last: { message: string; turn: TurnObject } | undefined,
  name: string,
): string {
  if (!dir) return "  /save-eval is only available inside `imperal dev`";
  if (!last) return "  nothing to save yet: chat first, then /save-eval [name]";
  const c = caseFromTurn(last.message, last.turn, name.trim() || undefined);
  if ("error" in c) return `  ${c.error}`;
  try {
    const r = appendRecordedEval(dir, c.case);
    const expect = c.case.expect as { tool: string | null };
    return `  saved to ${RECORDED_EVALS} (${r.count} case${r.count === 1 ? "" : "s"}): ${JSON.stringify(last.message)} -> ${expect.tool ?? "no tool call"}; run \`imperal eval\``;
  } catch (e) {
    return `  could not save: ${(e as Error).message}`;
  }
}
