// Runs the platform handlers of SPEC 7 — schedules, lifecycle hooks, the health check, webhooks, event subscribers —
// in the serving build's worker, with the same timeouts, cancellation, memory bounds and client routing as a tool
// call. Each run is one audit row under its reserved name (`__schedule__x`, `__lifecycle__on_install`, ...).
import { performance } from "node:perf_hooks";
import { platformTool, SYSTEM_USER_ID, WEBHOOK_USER_ID, type PlatformTarget } from "@imperal/sdk/patterns";
import type { CallClients, EmittedEvent, SystemReach } from "../clients/router.js";
import type { SystemStore } from "../clients/system-store.js";
import { clientError } from "../errors.js";
import type { AuditLedger } from "../state/audit.js";
import type { KernelUser, UserDirectory } from "../users/users.js";
import type { CtxInfo } from "../worker/protocol.js";
import { ctxUser, runInWorker, type RunDeps } from "../worker/run.js";

/** How a platform run ended (the statuses of the audit row, `executed` = succeeded). */
export type PlatformStatus = "executed" | "failed" | "timeout" | "cancelled";

/** What one run reports. */
export interface PlatformRun {
  tool: string;
  status: PlatformStatus;
  durationMs: number;
  result?: unknown;
  code?: string;
  /** The handler's error, as the author should read it. */
  error?: string;
  auditId?: string;
  /** Types of the events the run published. */
  published: string[];
}

/** One platform handler to run. */
export interface PlatformRunRequest {
  /** Whose ctx: a real user (lifecycle, events), or `systemUser()` / `webhookUser()`. */
  user: KernelUser;
  target: PlatformTarget;
  args?: unknown;
  kind: Extract<CtxInfo["kind"], "chat" | "system" | "webhook">;
  timeoutMs: number;
  /** Audit `source`: schedule | lifecycle | webhook | event | health. */
  source: string;
  /** Health checks are not audited (they run every minute). Default true. */
  audit?: boolean;
  /** Event cascade depth of this run (an event handler's own events are one deeper). */
  depth?: number;
  /** Exposed methods: the apps on the extension call stack, ending with the callee (the one before is `caller_app_id`). */
  stack?: readonly string[];
  /** Audited action type (default `system`; an exposed method's own read/write). */
  actionType?: string;
}

/** Where the events a run published go (after its audit row): SPEC 7.4 publishing. */
export type PublishEmitted = (emitted: EmittedEvent[], depth: number) => string[];

/** What the runner needs (built once by createKernel). */
export interface PlatformRunnerDeps extends RunDeps {
  appId: string;
  users: UserDirectory;
  audit: AuditLedger;
  clients: { forCall(user: KernelUser): CallClients };
  systemStore: SystemStore;
  /** Resolves once every commit so far is on stable storage. */
  durable: () => Promise<void>;
  publish?: PublishEmitted;
  /** The capabilities of the serving build (the system user's scopes). */
  capabilities: () => string[];
}

/** Runs platform handlers. */
export class PlatformRunner {
  constructor(private readonly d: PlatformRunnerDeps) {}

  /** Installs the publisher (it is built after the runner, since subscribers run through the runner). */
  setPublisher(p: PublishEmitted): void {
    this.d.publish = p;
  }

  /** The `__system__` user schedules run as (tenant `default`, the build's capabilities). */
  systemUser(): KernelUser {
    return this.pseudoUser(SYSTEM_USER_ID);
  }
  /** The `__webhook__` user webhooks run as. */
  webhookUser(): KernelUser {
    return this.pseudoUser(WEBHOOK_USER_ID);
  }
  private pseudoUser(id: string): KernelUser {
    return {
      id,
      tenantId: "default",
      scopes: [...this.d.capabilities()],
      role: "system",
      email: `${id}@localhost`,
      lang: "en",
    };
  }

  /** The cross-user reach of a system or webhook ctx. */
  private reach(): SystemReach & { directory: () => NonNullable<CtxInfo["directory"]> } {
    const { users, clients, systemStore } = this.d;
    return {
      asUser: (userId) => {
        const user = typeof userId === "string" ? users.get(userId) : undefined;
        if (!user)
          throw clientError(
            "NotFound",
            "NOT_FOUND",
            `ctx.asUser: no user ${JSON.stringify(userId)} in this kernel.`,
            "Use an id from ctx.store.listUsers(collection).",
          );
        return { user, clients: clients.forCall(user) };
      },
      listUsers: (c) => systemStore.listUsers(c).filter((id) => users.has(id)),
      queryAll: (c, o) => systemStore.queryAll(c, o),
      directory: () => {
        const out: NonNullable<CtxInfo["directory"]> = {};
        for (const id of users.ids()) {
          const u = users.get(id)!;
          out[id] = { ...ctxUser(u), lang: u.lang };
        }
        return out;
      },
    };
  }

  /** Runs one handler, audits it (unless asked not to), then publishes what it emitted. */
  async run(r: PlatformRunRequest): Promise<PlatformRun> {
    const d = this.d;
    const tool = platformTool(r.target);
    const audited = r.audit !== false;
    const args = r.args ?? {};
    // The stack ends with the callee itself: the caller is the app before it.
    const caller = r.stack && r.stack.length > 1 ? { callerAppId: r.stack[r.stack.length - 2]! } : {};
    const base = {
      tenantId: r.user.tenantId,
      userId: r.user.id,
      tool,
      actionType: r.actionType ?? "system",
      source: r.source,
      ...caller,
    };
    const kept = auditArgs(r.target, args);
    const auditId = audited ? d.audit.start({ ...base, args: kept }) : undefined;
    const emitted: EmittedEvent[] = [];
    const t0 = performance.now();
    const system = r.kind === "system" || r.kind === "webhook";
    let status: PlatformStatus;
    let result: unknown;
    let code: string | undefined;
    let error: string | undefined;
    try {
      const outcome = await runInWorker(d, {
        user: r.user,
        tool,
        args,
        kind: r.kind,
        clients: d.clients.forCall(r.user),
        timeoutMs: r.timeoutMs,
        attempt: 0,
        emitted,
        ...(system ? { reach: this.reach() } : {}),
        ...(r.stack ? { stack: r.stack } : {}),
      });
      if (outcome.ok) {
        status = "executed";
        result = outcome.result;
      } else {
        code = outcome.code;
        status = code === "TIMEOUT" ? "timeout" : code === "CANCELLED" ? "cancelled" : "failed";
        const detail = "detail" in outcome && typeof outcome.detail === "string" ? outcome.detail : undefined;
        error = firstLine(detail) ?? outcome.message;
        if (detail) d.log("error", `handler ${tool} failed for ${r.user.id}: ${code}`, { detail });
      }
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      status = "failed";
      code = typeof err?.code === "string" ? err.code : "INTERNAL_ERROR";
      error = String(err?.message ?? e);
    }
    const durationMs = performance.now() - t0;
    if (auditId)
      d.audit.complete(auditId, {
        userId: r.user.id,
        args: kept,
        status: status === "executed" ? "succeeded" : status,
        durationMs,
        ...(error ? { reason: error.slice(0, 1000) } : {}),
        ...(code ? { errorCode: code } : {}),
      });
    const published = emitted.length && d.publish ? d.publish(emitted, (r.depth ?? 0) + 1) : [];
    if (audited) {
      await d.durable();
      d.events.emit(
        "platform_run",
        {
          tool,
          status,
          duration_ms: Math.round(durationMs),
          ...(code ? { code } : {}),
          ...(error ? { error: error.slice(0, 500) } : {}),
        },
        system ? undefined : r.user.id,
      );
    }
    return {
      tool,
      status,
      durationMs,
      ...(result !== undefined ? { result } : {}),
      ...(code ? { code } : {}),
      ...(error ? { error } : {}),
      ...(auditId ? { auditId } : {}),
      published,
    };
  }

  /** Records a run that did not happen (a schedule fire while the previous run is still going). */
  skipped(r: Pick<PlatformRunRequest, "user" | "target" | "source">, reason: string): string {
    return this.d.audit.append({
      tenantId: r.user.tenantId,
      userId: r.user.id,
      tool: platformTool(r.target),
      actionType: "system",
      args: {},
      status: "skipped",
      reason,
      durationMs: 0,
      source: r.source,
    });
  }
}

/** What the ledger keeps of a run's input: a webhook's request line and headers' names, not its body. */
function auditArgs(target: PlatformTarget, args: unknown): unknown {
  if (target.kind === "webhook") {
    const req = (args as { request?: { method?: string; query?: unknown; headers?: Record<string, string> } }).request;
    return { method: req?.method, query: req?.query, headers: Object.keys(req?.headers ?? {}) };
  }
  if (target.kind === "event") {
    const e = (args as { event?: { type?: string; user_id?: string } }).event;
    return { type: e?.type, user_id: e?.user_id };
  }
  return args;
}

function firstLine(stack: string | undefined): string | undefined {
  return stack ? (stack.split("\n")[0] ?? "").slice(0, 500) : undefined;
}
