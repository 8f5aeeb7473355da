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
}

/** The turn object of SPEC 4 (`POST /v1/call`, `/v1/chat/turn`, confirmation accept). */
export interface TurnResult {
  turn_id: string;
  /** The classifier's answer for chat turns; `null` for direct calls and confirmations (no classifier ran). */
  classification?: unknown;
  outcome: "completed" | "needs_confirmation" | "rejected" | "promoted" | "clarify" | "chat";
  reply: string;
  results: unknown[];
  confirmation?: { id: string; calls: Call[] };
  code?: string;
  feedback?: unknown;
  task_id?: string;
  calls: CallResult[];
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

/** Builds the turn object from executed calls. */
export function assemble(turnId: string, res: CallResult[]): TurnResult {
  const last = res[res.length - 1];
  const stopped = res.find((r) => r.status === "timeout" || r.status === "cancelled" || r.status === "rejected");
  const results = res.filter((r) => r.result !== undefined).map((r) => r.result);
  const reply = res
    .filter((r) => r.status !== "cancelled" || r.code !== "PREVIOUS_STEP_FAILED")
    .map((r) => {
      const j = r.result as { summary?: unknown; error?: unknown } | undefined;
      if (r.status === "succeeded") return typeof j?.summary === "string" && j.summary ? j.summary : "Done.";
      return String(j?.error ?? r.message ?? "The action failed.");
    })
    .join(" ");
  if (stopped) {
    const feedback = stopped.feedback !== undefined ? { feedback: stopped.feedback } : {};
    return { turn_id: turnId, outcome: "rejected", code: stopped.code, reply, results, calls: res, ...feedback };
  }
  return {
    turn_id: turnId,
    outcome: "completed",
    reply: reply || (last ? "Done." : "Nothing to do."),
    results,
    calls: res,
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
