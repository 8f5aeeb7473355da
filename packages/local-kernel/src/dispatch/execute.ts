// Running calls: one call with its read retries (execute), and the promotion of a slow run to a background task.
import { performance } from "node:perf_hooks";
import type { CallClients, EmittedEvent } from "../clients/router.js";
import type { KernelLog } from "../log.js";
import type { ToolOutcome } from "../sdk.js";
import type { SeenIds } from "../seen/registry.js";
import { redactionFor } from "../sensitive/redact.js";
import type { KernelUser } from "../users/users.js";
import { runInWorker, type RunDeps } from "../worker/run.js";
import type { ToolInfo } from "../worker/protocol.js";
import { errorJson, userMessage, type Call, type CallResult, type CallStatus, type TurnWarning } from "./result.js";

/** Records one call's audit row; returns its id. */
export type AuditCall = (
  c: Call,
  t: ToolInfo | undefined,
  status: CallStatus | "promoted",
  durationMs: number,
  extra?: { reason?: string; code?: string; callId?: number },
) => string;

/** The ledger row of a call whose handler runs: written `started` before it, completed after (SPEC 10). */
export interface AuditRun {
  start: (c: Call, t: ToolInfo) => string;
  complete: (
    id: string,
    c: Call,
    status: CallStatus,
    durationMs: number,
    extra: { reason?: string; code?: string; callId?: number },
  ) => void;
}

/** What a finished call hands to event publishing (after its audit row). */
export interface FinishedCall {
  user: KernelUser;
  tool: ToolInfo;
  succeeded: boolean;
  result: unknown;
  emitted: EmittedEvent[];
}

/** What executing a call needs. */
export interface ExecuteDeps extends RunDeps {
  seen: SeenIds;
  log: KernelLog;
  /** Publishes the call's events (SPEC 7.4); returns their types. */
  publish?: (c: FinishedCall) => string[];
}

/** One call to execute, after its gates passed. */
export interface ExecuteInput {
  user: KernelUser;
  call: Call;
  tool: ToolInfo;
  kind: "chat" | "panel" | "skeleton";
  clients: CallClients;
  audit: AuditRun;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Executes one call (with read retries), audits it durably and feeds the seen-ids registry. */
export async function executeOne(deps: ExecuteDeps, input: ExecuteInput): Promise<CallResult> {
  const { user, call: c, tool: t } = input;
  // SPEC 7.7: text bound for the log and the event stream (ctx.log lines, a failed handler's stack) is scrubbed of
  // this call's sensitive values as well as the user's secrets; the handler itself gets the exact args.
  const red = redactionFor(t, c.args);
  const clients: CallClients = Object.create(input.clients, {
    redact: { value: (text: string) => red.text(input.clients.redact(text)) },
  });
  const x: ExecuteInput = { ...input, clients };
  const limits = deps.limits;
  const timeoutMs = t.longRunning ? limits.longRunningTimeoutMs : limits.callTimeoutMs;
  const t0 = performance.now();
  // Durable in the WAL before the worker sees the call: whatever the handler writes comes after it (kill -9 safe).
  const auditId = x.audit.start(c, t);
  const emitted: EmittedEvent[] = [];
  let outcome: ToolOutcome & { callId: number };
  try {
    outcome = await runWithRetries(deps, x, timeoutMs, emitted);
  } catch (e) {
    // The kernel could not run it (closing, no build): the row still ends, it does not stay `started`.
    const err = e as { code?: unknown; message?: unknown };
    const code = typeof err?.code === "string" ? err.code : "INTERNAL_ERROR";
    x.audit.complete(auditId, c, "failed", performance.now() - t0, { code, reason: String(err?.message ?? e) });
    throw e;
  }
  const durationMs = performance.now() - t0;
  let status: CallStatus;
  let result: unknown;
  let code: string | undefined;
  let message: string | undefined;
  let feedback: unknown;
  let handlerFailed = false;
  let warnings: TurnWarning[] | undefined;
  if (outcome.ok) {
    result = outcome.result;
    if ("warnings" in outcome && outcome.warnings?.length) {
      warnings = outcome.warnings.map((w) => ({ ...w, tool: c.tool }));
      for (const w of warnings) deps.log("warn", `[${c.tool}] ${w.code}: ${w.message}`, { user: user.id });
    }
    const r = result as { status?: string; error_code?: string; error?: string } | undefined;
    if (r && r.status === "error") {
      status = "failed";
      code = r.error_code ?? "ACTION_ERROR";
      message = r.error;
    } else status = "succeeded";
  } else {
    code = outcome.code;
    message = userMessage(outcome, t);
    feedback = outcome.feedback;
    status =
      code === "TIMEOUT"
        ? "timeout"
        : code === "CANCELLED"
          ? "cancelled"
          : code.startsWith("VALIDATION_")
            ? "rejected"
            : "failed";
    if (status === "failed") result = errorJson(code, message, outcome.retryable);
    // The handler did not answer (threw, died, timed out, returned too much or the wrong shape): SPEC 9 "failed".
    handlerFailed = status === "failed" || status === "timeout";
    if (outcome.detail) {
      deps.log("error", `handler ${c.tool} failed for ${user.id}: ${code}`, {
        detail: x.clients.redact(outcome.detail),
        callId: outcome.callId,
      });
    }
  }
  x.audit.complete(auditId, c, status, durationMs, {
    reason: status === "succeeded" ? undefined : message,
    code,
    callId: outcome.callId,
  });
  const events = deps.publish?.({ user, tool: t, succeeded: status === "succeeded", result, emitted }) ?? [];
  if (status === "succeeded") {
    // The seen ids are persisted: they get the redacted args, and results scrubbed of the sensitive values.
    deps.seen.addFrom(user.id, red.args, "args");
    const data = (result as { data?: unknown } | undefined)?.data;
    if (data !== undefined) deps.seen.addFrom(user.id, red.deep(data), "result");
  }
  return {
    tool: c.tool,
    args: c.args,
    status,
    durationMs,
    auditId,
    callId: outcome.callId,
    ...(result !== undefined ? { result } : {}),
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(feedback !== undefined ? { feedback } : {}),
    ...(handlerFailed ? { handlerFailed } : {}),
    ...(events.length ? { events } : {}),
    ...(warnings ? { warnings } : {}),
  };
}

/** Runs the call in the worker, retrying `retryable` errors of read calls (max `readRetries`, backoff). */
async function runWithRetries(
  deps: ExecuteDeps,
  x: ExecuteInput,
  timeoutMs: number,
  emitted: EmittedEvent[],
): Promise<ToolOutcome & { callId: number }> {
  const { user, call: c, tool: t } = x;
  for (let attempt = 0; ; attempt++) {
    const outcome = await runInWorker(deps, {
      user,
      tool: c.tool,
      args: c.args,
      kind: x.kind,
      clients: x.clients,
      timeoutMs,
      attempt: 0,
      emitted,
    });
    const res = outcome.ok ? (outcome.result as { status?: string; retryable?: boolean } | undefined) : undefined;
    const retryable = outcome.ok ? res?.status === "error" && res?.retryable === true : outcome.retryable === true;
    if (!(retryable && t.actionType === "read" && attempt < deps.limits.readRetries)) return outcome;
    await sleep(deps.limits.retryBackoffMs * 2 ** attempt);
  }
}

/** Races a run against the promotion threshold: true when the run outlived it (and goes on in the background). */
export async function outlives(run: Promise<unknown>, promotionMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const promoted = await Promise.race([
    run.then(() => false),
    new Promise<true>((r) => {
      timer = setTimeout(() => r(true), promotionMs);
    }),
  ]);
  clearTimeout(timer);
  return promoted;
}
