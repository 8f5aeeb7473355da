// The shapes a dispatch answers with (SPEC 4's turn object) and the pure functions that build them.
import type { ToolInfo } from "../worker/protocol.js";

/** One requested call: a tool name and its raw args (exactly as the caller or classifier produced them). */
export interface Call {
  tool: string;
  args: unknown;
}

/** Who asked: direct call, chat turn, chain step, an accepted confirmation, a panel render, a skeleton refresh. */
export type DispatchSource = "call" | "turn" | "chain" | "confirmation" | "panel" | "skeleton" | "system";

/** What happened to one call. */
export type CallStatus = "succeeded" | "failed" | "rejected" | "intercepted" | "timeout" | "cancelled";

/** What happened to one call. `result` is ActionResult JSON (chat functions/tools), a UI tree (panels) or `{ response }` (skeletons). */
export interface CallResult {
  tool: string;
  args: unknown;
  status: CallStatus;
  result?: unknown;
  code?: string;
  message?: string;
  feedback?: unknown;
  durationMs: number;
  auditId: string;
  callId?: number;
  /** The handler (or its worker) failed — threw, timed out, died, answered too much — instead of answering. */
  handlerFailed?: boolean;
  /** Types of the events the call published (its function's `event`, `ctx.events.emit`), SPEC 7.4. */
  events?: string[];
  /** Problems with an answer that still went through (SPEC 7.9: data not matching the dataModel). */
  warnings?: TurnWarning[];
}

/** A warning on a turn object (`warnings[]`), naming the tool it concerns. */
export interface TurnWarning {
  code: string;
  tool: string;
  message: string;
  path?: string;
}

/**
 * One call as a turn object lists it: its result is not repeated here (SPEC 10: each result once) but sits in the
 * turn's `results[]` at `result_index`.
 */
export type CallRecord = Omit<CallResult, "result" | "handlerFailed"> & { result_index?: number };

/** Turn outcomes: SPEC 4's list plus `failed` (SPEC 9: a handler failed rather than answered). */
export type TurnOutcome = "completed" | "needs_confirmation" | "rejected" | "failed" | "promoted" | "clarify" | "chat";

/** The turn object of SPEC 4 (`POST /v1/call`, `/v1/chat/turn`, confirmation accept). */
export interface TurnResult {
  turn_id: string;
  /** The classifier's answer for chat turns; `null` for direct calls and confirmations (no classifier ran). */
  classification?: unknown;
  outcome: TurnOutcome;
  reply: string;
  /** ActionResult JSON (or UI tree / `{ response }`) of every call that produced one, in call order. */
  results: unknown[];
  confirmation?: { id: string; calls: Call[] };
  code?: string;
  feedback?: unknown;
  task_id?: string;
  calls: CallRecord[];
  /** Panels to re-render (SPEC 7.4): on every turn object, `[]` when none. */
  refresh_panels?: string[];
  /** Warnings of the calls (SPEC 7.9), when any. */
  warnings?: TurnWarning[];
}

/** The turn object's view of calls: results move to `results[]`, each call points at its own. */
export function splitResults(res: CallResult[]): { results: unknown[]; calls: CallRecord[] } {
  const results: unknown[] = [];
  const calls = res.map(({ result, handlerFailed: _f, ...rest }): CallRecord => {
    if (result === undefined) return rest;
    results.push(result);
    return { ...rest, result_index: results.length - 1 };
  });
  return { results, calls };
}

/** The result of call `i` of a turn object (undefined when it produced none). */
export function resultOf(t: Pick<TurnResult, "results" | "calls">, i: number): unknown {
  const at = t.calls[i]?.result_index;
  return at === undefined ? undefined : t.results[at];
}

/** Why a gate stopped a call before any handler code ran. */
export interface Rejection {
  code: string;
  message: string;
  feedback?: unknown;
}

/** The SPEC 4 turn object for paths that skip the classifier: same shape as a chat turn, `classification: null`. */
export function directTurn(t: TurnResult): TurnResult {
  const { turn_id, ...rest } = t;
  return { turn_id, classification: null, ...rest };
}

/**
 * Builds the turn object from executed calls: `failed` when a handler failed (with its code), `rejected` when a
 * step was stopped before or while running (a gate in the worker, a reference, a cancellation), else `completed`.
 */
export function assemble(turnId: string, res: CallResult[]): TurnResult {
  const t = assembleOutcome(turnId, res);
  const warnings = res.flatMap((r) => r.warnings ?? []);
  return warnings.length ? { ...t, warnings } : t;
}

function assembleOutcome(turnId: string, res: CallResult[]): TurnResult {
  const last = res[res.length - 1];
  const failed = res.find((r) => r.handlerFailed);
  const stopped = res.find((r) => r.status === "timeout" || r.status === "cancelled" || r.status === "rejected");
  const { results, calls } = splitResults(res);
  const reply = res
    .filter((r) => r.status !== "cancelled" || r.code !== "PREVIOUS_STEP_FAILED")
    .map((r) => {
      const j = r.result as { summary?: unknown; error?: unknown } | undefined;
      if (r.status === "succeeded") return typeof j?.summary === "string" && j.summary ? j.summary : "Done.";
      return String(j?.error ?? r.message ?? "The action failed.");
    })
    .join(" ");
  if (failed) return { turn_id: turnId, outcome: "failed", code: failed.code, reply, results, calls };
  if (stopped) {
    const feedback = stopped.feedback !== undefined ? { feedback: stopped.feedback } : {};
    return { turn_id: turnId, outcome: "rejected", code: stopped.code, reply, results, calls, ...feedback };
  }
  return {
    turn_id: turnId,
    outcome: "completed",
    reply: reply || (last ? "Done." : "Nothing to do."),
    results,
    calls,
  };
}

/** ActionResult JSON for a call that failed outside the handler's own error return. */
export function errorJson(code: string, message: string, retryable?: boolean): Record<string, unknown> {
  return {
    status: "error",
    summary: message,
    data: null,
    error: message,
    error_code: code,
    ...(retryable ? { retryable: true } : {}),
  };
}

const SDK_ERROR_RE =
  /^(ImperalError|ValidationError|StoreConflict|SecretNotDeclared|TaskCancelled|SkeletonAccessForbidden)\b/;

/**
 * User-visible text for a failed call: SDK errors (which carry a written-for-users message) keep it; any other
 * exception becomes a plain conversational sentence (I-MAGIC-UX) and its detail goes to the kernel log only.
 */
export function userMessage(o: { code: string; message: string; detail?: string }, t: ToolInfo): string {
  if (o.code !== "HANDLER_ERROR") return o.message;
  if (o.detail && SDK_ERROR_RE.test(o.detail)) return o.message;
  const what = t.description ? t.description.replace(/[.\s]+$/, "").toLowerCase() : t.name;
  return `Sorry, something went wrong and I couldn't finish that (${what}). Please try again; if it keeps happening, check the extension's log.`;
}
