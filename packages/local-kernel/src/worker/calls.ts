import type { EventBus } from "../events.js";
import type { KernelLog } from "../log.js";
import {
  serveRpc,
  type CallClients,
  type EmittedEvent,
  type ExtensionCaller,
  type RpcSession,
  type SystemReach,
} from "../clients/router.js";
import { clientError } from "../errors.js";
import type { KernelUser } from "../users/users.js";
import type { WorkerHandle } from "./handle.js";
import type { CtxInfo, FromWorker } from "./protocol.js";

/** Kernel-side state of one running call: who it runs for and the clients its worker RPCs reach. */
export interface CallSession {
  callId: number;
  user: KernelUser;
  tool: string;
  kind: CtxInfo["kind"];
  abort: AbortController;
  /** The worker running the call: RPCs for it are accepted from that worker only. */
  worker: WorkerHandle;
  clients: CallClients;
  /** Events the handler published (`ctx.events.emit`), to be published after its audit row. */
  emitted?: EmittedEvent[];
  /** System and webhook calls: other users and cross-user reads. */
  reach?: SystemReach;
  extensions?: ExtensionCaller;
  stack?: readonly string[];
  /** Stops the call (timeout or cancel): aborts ctx.signal, then terminates a worker that ignores it. */
  stop(code: string, message: string): void;
}

/** Options of {@link CallRegistry}. */
export interface CallRegistryOptions {
  log: KernelLog;
  events: EventBus;
}

/**
 * The running calls of the kernel, by call id. Worker RPCs and `ctx.log`/`ctx.progress` messages are routed through
 * it to their call, so a worker can only ever reach the clients of a call it is running, for that call's user.
 */
export class CallRegistry {
  private readonly sessions = new Map<number, CallSession>();
  private readonly log: KernelLog;
  private readonly events: EventBus;

  constructor(opts: CallRegistryOptions) {
    this.log = opts.log;
    this.events = opts.events;
  }

  /** Registers a call that is about to start. */
  add(s: CallSession): void {
    this.sessions.set(s.callId, s);
  }
  /** Forgets a finished call. */
  delete(callId: number): void {
    this.sessions.delete(callId);
  }

  /** Cancels a running call by id (only its own user's, when `userId` is given); false when no such call runs. */
  cancel(callId: number, reason = "Cancelled by the user.", userId?: string): boolean {
    const s = this.sessions.get(callId);
    if (!s || (userId !== undefined && s.user.id !== userId)) return false;
    s.stop("CANCELLED", reason);
    return true;
  }

  /**
   * Serves a ctx-client RPC from a worker. The user comes from the kernel's session, never from the worker; an RPC
   * naming another user (`ctx.asUser`) is served only for a system or webhook call, with that user's clients.
   */
  async serve(m: Extract<FromWorker, { t: "rpc" }>, from: WorkerHandle): Promise<unknown> {
    const s = this.sessions.get(m.callId);
    if (!s || s.worker !== from) {
      throw clientError(
        "ImperalError",
        "CALL_NOT_ACTIVE",
        `ctx.${m.client}.${m.method} was used after the call ended.`,
        "Await every ctx call inside the handler; do not keep ctx beyond the call.",
      );
    }
    if (m.as === undefined) return serveRpc(s, m.client, m.method, m.args);
    if (!s.reach)
      throw clientError(
        "SystemOnly",
        "SYSTEM_ONLY",
        "ctx.asUser is only available in schedule and webhook handlers.",
        "Use the acting user's ctx.",
      );
    const other = s.reach.asUser(m.as);
    const sub: RpcSession = {
      tool: s.tool,
      kind: "chat",
      abort: s.abort,
      clients: other.clients,
      user: other.user,
      ...(s.emitted ? { emitted: s.emitted } : {}),
      ...(s.extensions ? { extensions: s.extensions } : {}),
      ...(s.stack ? { stack: s.stack } : {}),
    };
    return serveRpc(sub, m.client, m.method, m.args);
  }

  /** `ctx.log` lines go to the kernel log (secrets redacted); `ctx.progress` to the event stream. */
  side(m: Extract<FromWorker, { t: "log" } | { t: "progress" }>): void {
    const s = this.sessions.get(m.callId);
    if (!s) {
      if (m.t === "log") this.log(m.level === "error" ? "error" : "warn", m.message.slice(0, 8000));
      return;
    }
    if (m.t === "log") {
      const level = m.level === "error" || m.level === "warn" || m.level === "debug" ? m.level : "info";
      const message = s.clients.redact(m.message.slice(0, 4000));
      this.log(level, `[${s.tool}] ${message}`, { user: s.user.id, callId: m.callId });
      this.events.emit("log", { level, tool: s.tool, call_id: m.callId, message }, s.user.id);
    } else {
      const message = m.message ? { message: m.message.slice(0, 500) } : {};
      this.events.emit("progress", { call_id: m.callId, tool: s.tool, percent: m.percent, ...message }, s.user.id);
    }
  }
}
