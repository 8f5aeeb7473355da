import type { CallSession, KernelCore } from "../core.js";
import type { ToolOutcome } from "../sdk-api.js";
import type { KernelUser } from "../users.js";
import { nextCallId, type WorkerHandle } from "../worker/host.js";
import type { CtxInfo } from "../worker/protocol.js";

/** A running call that can be cancelled from outside (API `cancel`). */
interface Running { handle: WorkerHandle; userId: string; cancel: (code: string, reason: string) => void }
const running = new Map<number, Running>();

/** Cancels a running call by id (only its own user's, when `userId` is given); false when no such call runs. */
export function cancelCall(callId: number, reason = "Cancelled by the user.", userId?: string): boolean {
  const r = running.get(callId);
  if (!r || (userId !== undefined && r.userId !== userId)) return false;
  r.cancel("CANCELLED", reason);
  return true;
}

/** Builds the ctx description the worker turns into `ctx`. */
export function ctxInfoFor(user: KernelUser, kind: CtxInfo["kind"]): CtxInfo {
  return {
    kind,
    user: { imperalId: user.id, email: user.email, tenantId: user.tenantId, role: user.role, scopes: [...user.scopes] },
    tenant: { tenantId: user.tenantId, name: user.tenantId },
    lang: user.lang,
  };
}

/**
 * Runs one call in the current worker with its timeout. On timeout/cancel `ctx.signal` aborts; a handler that
 * does not finish within the grace period (e.g. a synchronous infinite loop) has its worker terminated and
 * respawned while the kernel keeps serving.
 */
export async function runInWorker(
  core: KernelCore,
  user: KernelUser,
  tool: string,
  args: unknown,
  kind: CtxInfo["kind"],
  opts: { timeoutMs: number; attempt: number; callId?: number; onStart?: (callId: number) => void },
): Promise<ToolOutcome & { callId: number }> {
  const handle = await core.host.acquire();
  const callId = opts.callId ?? nextCallId();
  const session: CallSession = { callId, user, tool, kind, abort: new AbortController(), worker: handle };
  core.sessions.set(callId, session);
  opts.onStart?.(callId);
  let stopped: { code: string; message: string } | undefined;
  let grace: NodeJS.Timeout | undefined;
  const stop = (code: string, message: string) => {
    if (stopped) return;
    stopped = { code, message };
    session.abort.abort();
    handle.cancel(callId, message);
    grace = setTimeout(() => {
      if (!handle.has(callId)) return;
      core.log("warn", `call ${callId} (${tool}) ignored cancellation for ${core.limits.cancelGraceMs} ms; terminating its worker`, { build: handle.buildId });
      handle.abandon(callId, { ok: false, code, message });
      void core.host.recycle(handle);
    }, core.limits.cancelGraceMs);
  };
  const timer = setTimeout(() => stop("TIMEOUT", `The action did not finish within ${Math.round(opts.timeoutMs / 1000)} s and was stopped.`), opts.timeoutMs);
  running.set(callId, { handle, userId: user.id, cancel: stop });
  core.events.emit("call_started", { call_id: callId, tool, kind }, user.id);
  try {
    const outcome = await handle.call(callId, tool, args, ctxInfoFor(user, kind), opts.attempt);
    if (stopped) return { ok: false, code: stopped.code, message: stopped.message, callId };
    return { ...outcome, callId };
  } finally {
    clearTimeout(timer);
    if (grace) clearTimeout(grace);
    running.delete(callId);
    core.sessions.delete(callId);
  }
}
