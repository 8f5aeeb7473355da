import type { CallClients } from "../clients/router.js";
import type { EventBus } from "../events.js";
import type { KernelLimits } from "../limits.js";
import type { KernelLog } from "../log.js";
import type { ToolOutcome } from "../sdk.js";
import type { KernelUser } from "../users/users.js";
import type { CallRegistry, CallSession } from "./calls.js";
import type { ExtensionHost } from "./extension-host.js";
import { nextCallId } from "./handle.js";
import type { CtxInfo } from "./protocol.js";

/** What running a call needs from the kernel. */
export interface RunDeps {
  host: ExtensionHost;
  calls: CallRegistry;
  limits: KernelLimits;
  log: KernelLog;
  events: EventBus;
}

/** One call to run in the serving build's worker. */
export interface RunRequest {
  user: KernelUser;
  tool: string;
  args: unknown;
  kind: CtxInfo["kind"];
  clients: CallClients;
  timeoutMs: number;
  attempt: number;
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
export async function runInWorker(deps: RunDeps, r: RunRequest): Promise<ToolOutcome & { callId: number }> {
  const { host, calls, limits, log } = deps;
  const handle = await host.acquire();
  const callId = nextCallId();
  let stopped: { code: string; message: string } | undefined;
  let grace: NodeJS.Timeout | undefined;
  const abort = new AbortController();
  const stop = (code: string, message: string): void => {
    if (stopped) return;
    stopped = { code, message };
    abort.abort();
    handle.cancel(callId, message);
    grace = setTimeout(() => {
      if (!handle.has(callId)) return;
      log(
        "warn",
        `call ${callId} (${r.tool}) ignored cancellation for ${limits.cancelGraceMs} ms; terminating its worker`,
        {
          build: handle.buildId,
        },
      );
      handle.abandon(callId, { ok: false, code, message });
      void host.recycle(handle);
    }, limits.cancelGraceMs);
  };
  const session: CallSession = {
    callId,
    user: r.user,
    tool: r.tool,
    kind: r.kind,
    abort,
    worker: handle,
    clients: r.clients,
    stop,
  };
  calls.add(session);
  const seconds = Math.round(r.timeoutMs / 1000);
  const timer = setTimeout(
    () => stop("TIMEOUT", `The action did not finish within ${seconds} s and was stopped.`),
    r.timeoutMs,
  );
  deps.events.emit("call_started", { call_id: callId, tool: r.tool, kind: r.kind }, r.user.id);
  try {
    const outcome = await handle.call(callId, r.tool, r.args, ctxInfoFor(r.user, r.kind), r.attempt);
    if (stopped) return { ok: false, code: stopped.code, message: stopped.message, callId };
    return { ...outcome, callId };
  } finally {
    clearTimeout(timer);
    if (grace) clearTimeout(grace);
    calls.delete(callId);
  }
}
