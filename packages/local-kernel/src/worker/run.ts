import type { CallClients, EmittedEvent, ExtensionCaller, SystemReach } from "../clients/router.js";
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
  /** `.imperal/config.json` or `createKernel({ config })`: the file layers of ctx.config (SPEC 7.2). */
  configFile?: CtxInfo["configFile"];
  /** Serves `ctx.extensions.call` (several extensions in one kernel, SPEC 7.6). */
  extensions?: ExtensionCaller;
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
  /** Collects `ctx.events.emit` (published by the caller after the audit row). */
  emitted?: EmittedEvent[];
  /** System and webhook calls: `ctx.asUser`, `listUsers`, `queryAll`, and the users asUser may reach. */
  reach?: SystemReach & { directory: () => NonNullable<CtxInfo["directory"]> };
  /** Apps on the extension call stack (an exposed method called from another extension). */
  stack?: readonly string[];
}

/** The user fields a worker's ctx.user carries. */
export function ctxUser(user: KernelUser): CtxInfo["user"] {
  return { imperalId: user.id, email: user.email, tenantId: user.tenantId, role: user.role, scopes: [...user.scopes] };
}

/** Builds the ctx description the worker turns into `ctx`. */
export function ctxInfoFor(
  user: KernelUser,
  kind: CtxInfo["kind"],
  extra: Pick<CtxInfo, "configFile" | "directory"> = {},
): CtxInfo {
  return {
    kind,
    user: ctxUser(user),
    tenant: { tenantId: user.tenantId, name: user.tenantId },
    lang: user.lang,
    ...(extra.configFile ? { configFile: extra.configFile } : {}),
    ...(extra.directory ? { directory: extra.directory } : {}),
  };
}

/**
 * Runs one call on a worker lent to its user, with its timeout. On timeout/cancel the caller is answered at once and
 * `ctx.signal` aborts; a handler still running after the grace period (it ignores the signal, or loops
 * synchronously) gets its worker retired: it takes no new calls and ends once its other calls (same user) are done,
 * or at once when it is blocked. Other users' calls never share that worker.
 */
export async function runInWorker(deps: RunDeps, r: RunRequest): Promise<ToolOutcome & { callId: number }> {
  const { host, calls, limits, log } = deps;
  const lease = await host.acquire(r.user.id);
  const handle = lease.handle;
  const callId = nextCallId();
  let stopped: { code: string; message: string } | undefined;
  const abort = new AbortController();
  const stop = (code: string, message: string): void => {
    if (stopped) return;
    stopped = { code, message };
    abort.abort();
    handle.cancel(callId, message);
    handle.abandon(callId, { ok: false, code, message });
    const grace = setTimeout(() => {
      if (!handle.running(callId)) return;
      log(
        "warn",
        `call ${callId} (${r.tool}) ignored cancellation for ${limits.cancelGraceMs} ms; retiring its worker`,
        {
          build: handle.buildId,
          user: r.user.id,
        },
      );
      host.retire(handle, `call ${callId} (${r.tool}) ignored cancellation`);
    }, limits.cancelGraceMs);
    grace.unref();
  };
  const session: CallSession = {
    callId,
    user: r.user,
    tool: r.tool,
    kind: r.kind,
    abort,
    worker: handle,
    clients: r.clients,
    ...(r.emitted ? { emitted: r.emitted } : {}),
    ...(r.reach ? { reach: r.reach } : {}),
    ...(deps.extensions ? { extensions: deps.extensions } : {}),
    ...(r.stack ? { stack: r.stack } : {}),
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
    const info = ctxInfoFor(r.user, r.kind, {
      ...(deps.configFile ? { configFile: deps.configFile } : {}),
      ...(r.reach ? { directory: r.reach.directory() } : {}),
    });
    const outcome = await handle.call(callId, r.tool, r.args, info, r.attempt);
    if (stopped) return { ok: false, code: stopped.code, message: stopped.message, callId };
    // What the handler allocated may still be held (module scope): the worker's memory is not to be trusted.
    if (!outcome.ok && outcome.code === "MEMORY_LIMIT")
      host.retire(handle, `call ${callId} (${r.tool}) hit the memory limit`);
    return { ...outcome, callId };
  } finally {
    clearTimeout(timer);
    calls.delete(callId);
    lease.release();
  }
}
