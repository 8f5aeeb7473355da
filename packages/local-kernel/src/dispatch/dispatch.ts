// The one dispatch path: gates -> confirmation -> execute (with promotion) -> audit -> turn event. Direct calls,
// chat turns, chains, accepted confirmations, panels and skeleton refreshes all go through Dispatcher.dispatch.
import { MAX_ARGS_DEPTH } from "@imperal/sdk/patterns";
import type { ClientPool } from "../clients/router.js";
import { needsConfirmation } from "../confirmations/policy.js";
import type { ConfirmationStore } from "../confirmations/store.js";
import { KernelError } from "../errors.js";
import { turnEventCalls, type EventBus } from "../events.js";
import type { KernelLimits } from "../limits.js";
import type { KernelLog } from "../log.js";
import type { SdkGuards } from "../sdk.js";
import type { SeenIds } from "../seen/registry.js";
import type { AuditLedger } from "../state/audit.js";
import type { KernelUser, UserDirectory } from "../users/users.js";
import { newId } from "../util/ids.js";
import type { CallRegistry } from "../worker/calls.js";
import type { ExtensionHost } from "../worker/extension-host.js";
import type { ToolInfo } from "../worker/protocol.js";
import { turnPanels } from "../panels/refresh.js";
import { lookupIn, redactionForCalls, type SensitiveLookup } from "../sensitive/redact.js";
import { redactTurn } from "../sensitive/turn.js";
import { executeOne, outlives, type AuditCall, type AuditRun, type ExecuteDeps } from "./execute.js";
import { clipDepth, gate, SchemaBudget, tooDeep, type GateDeps } from "./gates.js";
import {
  assemble,
  splitResults,
  type Call,
  type CallResult,
  type DispatchSource,
  type Rejection,
  type TurnResult,
} from "./result.js";

export type { Call, CallRecord, CallResult, CallStatus, DispatchSource, TurnResult } from "./result.js";

/** How one dispatch runs. */
export interface DispatchOptions {
  source: DispatchSource;
  /** Set when executing the stored calls of an accepted confirmation (guards and the confirmation gate already ran). */
  confirmed?: { confirmationId: string };
  /** Detach past the promotion threshold (default: true for call/turn/chain/confirmation). */
  promote?: boolean;
  /** ctx kind (default "chat"). */
  kind?: "chat" | "panel" | "skeleton";
  /** Surface kinds callable on this path (default chat_function + tool). */
  allowKinds?: ToolInfo["kind"][];
  /** Chains: resolves `$steps.N...` references right before step `index` runs. */
  resolveArgs?: (index: number, args: unknown, done: CallResult[]) => unknown;
  /** Reuse a turn id (chat turns). */
  turnId?: string;
  /** The call came from a panel (`X-Imperal-Origin: panel`): an unset refreshPanels refreshes every panel. */
  fromPanel?: boolean;
  /** The chat turn's classification, announced with the turn (`turn` event). */
  classification?: unknown;
  /** The chat turn's message (already scrubbed), announced with the turn. */
  message?: string;
}

/** Options of {@link Dispatcher}. */
export interface DispatcherOptions {
  host: ExtensionHost;
  users: UserDirectory;
  audit: AuditLedger;
  confirmations: ConfirmationStore;
  seen: SeenIds;
  guards: SdkGuards;
  events: EventBus;
  log: KernelLog;
  limits: KernelLimits;
  calls: CallRegistry;
  /** Builds the clients a call's ctx reaches, for its user. */
  clients: Pick<ClientPool, "forCall">;
  /** Resolves once every commit so far is on stable storage (state/durability.ts). */
  durable: () => Promise<void>;
  /** `.imperal/config.json` layers of ctx.config. */
  configFile?: ExecuteDeps["configFile"];
  /** Publishes a finished call's events (SPEC 7.4). */
  publish?: ExecuteDeps["publish"];
  /** Serves `ctx.extensions.call` (SPEC 7.6). */
  extensions?: ExecuteDeps["extensions"];
  /** Before anything of a known user runs: install on first sight, reject a disabled user (lifecycle/). */
  admit?: (user: KernelUser, source: DispatchSource) => Promise<void> | void;
}

const tooDeepRejection = (): Rejection => ({
  code: "ARGS_TOO_DEEP",
  message: `The arguments are nested deeper than ${MAX_ARGS_DEPTH} levels, so nothing ran.`,
});

const PROMOTED_REPLY =
  "This is taking a moment — I'm working on it and will post the result in the chat when it's done.";

/** The kernel's one dispatch path. */
export class Dispatcher {
  private readonly gates: GateDeps;
  private readonly exec: ExecuteDeps;
  private readonly sensitive: SensitiveLookup;

  constructor(private readonly o: DispatcherOptions) {
    this.gates = {
      guards: o.guards,
      seen: o.seen,
      budget: new SchemaBudget(),
      capabilities: () => o.host.info?.capabilities ?? [],
    };
    this.exec = {
      host: o.host,
      calls: o.calls,
      limits: o.limits,
      log: o.log,
      events: o.events,
      seen: o.seen,
      ...(o.configFile ? { configFile: o.configFile } : {}),
      ...(o.publish ? { publish: o.publish } : {}),
      ...(o.extensions ? { extensions: o.extensions } : {}),
    };
    this.sensitive = lookupIn(() => o.host.info);
  }

  /** guards -> authorization -> confirmation -> execute -> audit, for every call of one request. */
  async dispatch(userId: string, rawCalls: Call[], opts: DispatchOptions): Promise<TurnResult> {
    const o = this.o;
    if (typeof userId !== "string" || userId.trim() === "") {
      throw new KernelError(
        "AUDIT_NO_USER",
        "No acting user: the kernel fails closed.",
        "Send X-Acting-User (or pass a user id to kernel.call).",
        400,
      );
    }
    if (!Array.isArray(rawCalls))
      throw new KernelError("BAD_REQUEST", "calls must be an array of { tool, args }.", "Pass [{ tool, args }].", 400);
    const calls: Call[] = rawCalls.map((c) => (c && typeof c === "object" ? c : { tool: String(c), args: undefined }));
    const turnId = opts.turnId ?? newId("turn", 8);
    const known = o.users.get(userId);
    if (known && o.admit) await o.admit(known, opts.source); // before the lease: onInstall needs a worker too
    const lease = await o.host.acquire(userId);
    const handle = lease.handle;
    const tools = new Map(handle.info!.tools.map((t) => [t.name, t]));
    const user = o.users.get(userId);
    const tenantId = user?.tenantId ?? "unknown";
    const audit: AuditCall = (c, t, status, durationMs, extra = {}) =>
      o.audit.append({
        tenantId,
        userId,
        tool: c.tool,
        actionType: t?.actionType ?? "unknown",
        args: c.args,
        status,
        durationMs,
        reason: extra.reason,
        errorCode: extra.code,
        source: opts.source,
        callId: extra.callId !== undefined ? String(extra.callId) : undefined,
        confirmationId: opts.confirmed?.confirmationId,
      });

    // 0. Nesting depth first: nothing recursive (guards, JSON, zod, structured clone) may touch deeper args.
    const deep = opts.source === "skeleton" ? -1 : calls.findIndex((c) => tooDeep(c.args));
    // 1. Gates, for every call before anything runs.
    const allow = opts.allowKinds ?? ["chat_function", "tool"];
    const judgeArgs = !opts.confirmed && opts.source !== "skeleton";
    const rejections: Array<Rejection | null> = [];
    try {
      if (deep >= 0) for (let i = 0; i < calls.length; i++) rejections.push(i === deep ? tooDeepRejection() : null);
      else
        for (const c of calls)
          rejections.push(
            await gate(this.gates, { user, call: c, tool: tools.get(c?.tool), allow, judgeArgs, handle }),
          );
    } finally {
      lease.release(); // the run below takes its own lease (the same worker while this user has calls on it)
    }
    const firstBad = rejections.findIndex((r) => r !== null);
    if (firstBad >= 0) {
      const r = rejections[firstBad]!;
      const results: CallResult[] = calls.map((raw, i) => {
        const c = deep >= 0 ? { tool: raw?.tool, args: clipDepth(raw?.args) } : raw;
        const rj = rejections[i] ?? {
          code: "PLAN_REJECTED",
          message: "Another step of this request was rejected, so nothing ran.",
        };
        const auditId = audit(c, tools.get(c?.tool), "rejected", 0, { reason: rj.message, code: rj.code });
        const feedback = rj.feedback !== undefined ? { feedback: rj.feedback } : {};
        return {
          tool: c?.tool,
          args: c?.args,
          status: "rejected",
          code: rj.code,
          message: rj.message,
          ...feedback,
          durationMs: 0,
          auditId,
        };
      });
      o.log("info", `rejected ${calls[firstBad]!.tool} for ${userId}: ${r.code}`, { turn: turnId });
      // Direct calls and panels carry client-made args: too deep is a protocol error there (SPEC 10: 400).
      if (deep >= 0 && (opts.source === "call" || opts.source === "panel")) {
        await o.durable();
        throw new KernelError(
          "ARGS_TOO_DEEP",
          r.message,
          `Keep arguments within ${MAX_ARGS_DEPTH} levels of nesting.`,
          400,
        );
      }
      const feedback = r.feedback !== undefined ? { feedback: r.feedback } : {};
      return this.finish(userId, opts, {
        turn_id: turnId,
        outcome: "rejected",
        code: r.code,
        reply: r.message,
        ...feedback,
        results: [],
        calls: results,
      });
    }
    const u = user!;

    // 2. Confirmation policy (master toggle + per-action-type), same on single and multi-step paths.
    if (!opts.confirmed && calls.some((c) => needsConfirmation(tools.get(c.tool)!.actionType, u.confirmations))) {
      const rec = o.confirmations.create(
        { tenantId: u.tenantId, userId: u.id, appId: handle.info!.appId },
        calls,
        opts.source,
      );
      const results: CallResult[] = calls.map((c) => {
        const auditId = audit(c, tools.get(c.tool), "intercepted", 0, { reason: `awaiting confirmation ${rec.id}` });
        return { tool: c.tool, args: c.args, status: "intercepted", durationMs: 0, auditId };
      });
      // The card shows redacted args (SPEC 7.7); the store keeps the exact ones for the replay.
      const shown = redactionForCalls(rec.calls, (n) => tools.get(n)).calls;
      const what = shown.map((c) => `${c.tool} ${JSON.stringify(c.args)}`).join(", then ");
      o.events.emit("confirmation", { id: rec.id, calls: shown, turn_id: turnId }, u.id);
      return this.finish(userId, opts, {
        turn_id: turnId,
        outcome: "needs_confirmation",
        reply: `Please confirm: ${what}.`,
        results: [],
        confirmation: { id: rec.id, calls: shown },
        calls: results,
      });
    }

    // 3. Execute (sequentially; a failing step stops the rest), with promotion past the threshold.
    const done: CallResult[] = [];
    const run = this.runAll(u, calls, tools, opts, audit, done);
    const promote =
      opts.promote ??
      (opts.source === "call" || opts.source === "turn" || opts.source === "chain" || opts.source === "confirmation");
    if (promote && (await outlives(run, o.limits.promotionMs))) {
      const taskId = `task_${turnId}`;
      run.then(
        async (res) => {
          await o.durable();
          const turn = redactTurn(assemble(turnId, res), this.sensitive);
          const code = turn.code ? { code: turn.code } : {};
          o.events.emit(
            "promoted_result",
            {
              task_id: taskId,
              turn_id: turnId,
              outcome: turn.outcome,
              reply: turn.reply,
              results: turn.results,
              ...code,
            },
            u.id,
          );
        },
        (e) => o.log("error", `promoted task ${taskId} failed: ${(e as Error)?.message}`),
      );
      // Steps that finished before the threshold are listed with their results (each once, like any turn object).
      return this.finish(userId, opts, {
        turn_id: turnId,
        outcome: "promoted",
        task_id: taskId,
        reply: PROMOTED_REPLY,
        ...splitResults(done),
      });
    }
    return this.finish(userId, opts, assemble(turnId, await run));
  }

  /** Runs the calls in order; every planned action gets its ledger row, steps after a failed one as cancelled. */
  private async runAll(
    u: KernelUser,
    calls: Call[],
    tools: Map<string, ToolInfo>,
    opts: DispatchOptions,
    audit: AuditCall,
    done: CallResult[],
  ): Promise<CallResult[]> {
    const skipRest = (from: number): void => {
      for (const rest of calls.slice(from)) {
        const auditId = audit(rest, tools.get(rest.tool), "cancelled", 0, {
          reason: "an earlier step did not succeed",
          code: "PREVIOUS_STEP_FAILED",
        });
        const message = "Skipped because an earlier step did not succeed.";
        done.push({
          tool: rest.tool,
          args: rest.args,
          status: "cancelled",
          code: "PREVIOUS_STEP_FAILED",
          message,
          durationMs: 0,
          auditId,
        });
      }
    };
    const kind = opts.kind ?? "chat";
    const clients = this.o.clients.forCall(u);
    const ledger = this.o.audit;
    const base = { tenantId: u.tenantId, userId: u.id, source: opts.source };
    const confirmationId = opts.confirmed?.confirmationId;
    const auditRun: AuditRun = {
      start: (c, t) =>
        ledger.start({
          ...base,
          tool: c.tool,
          actionType: t.actionType,
          args: c.args,
          ...(confirmationId ? { confirmationId } : {}),
        }),
      complete: (id, c, status, durationMs, extra) =>
        ledger.complete(id, {
          userId: u.id,
          args: c.args,
          status,
          durationMs,
          reason: extra.reason,
          errorCode: extra.code,
          callId: extra.callId !== undefined ? String(extra.callId) : undefined,
          confirmed: confirmationId !== undefined,
        }),
    };
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]!;
      const t = tools.get(c.tool)!;
      let args = c.args;
      if (opts.resolveArgs) {
        try {
          args = opts.resolveArgs(i, c.args, done);
        } catch (e) {
          const msg = (e as Error)?.message ?? "A step reference did not resolve.";
          const auditId = audit(c, t, "rejected", 0, { reason: msg, code: "UNRESOLVED_REFERENCE" });
          done.push({
            tool: c.tool,
            args: c.args,
            status: "rejected",
            code: "UNRESOLVED_REFERENCE",
            message: msg,
            durationMs: 0,
            auditId,
          });
          skipRest(i + 1);
          break;
        }
      }
      const r = await executeOne(this.exec, {
        user: u,
        call: { tool: c.tool, args },
        tool: t,
        kind,
        clients,
        audit: auditRun,
      });
      done.push(r);
      if (r.status !== "succeeded") {
        skipRest(i + 1);
        break;
      }
    }
    return done;
  }

  /** Makes the turn's audit rows durable, then announces it (and the panels it asks to re-render), redacted. */
  private async finish(userId: string, opts: DispatchOptions, exact: TurnResult): Promise<TurnResult> {
    await this.o.durable();
    const t = redactTurn(exact, this.sensitive);
    t.refresh_panels =
      opts.source === "panel" || opts.source === "skeleton"
        ? []
        : turnPanels(this.o.host.info, t, opts.fromPanel === true);
    if (t.refresh_panels.length > 0)
      this.o.events.emit(
        "panel_refresh",
        { user: userId, panels: t.refresh_panels, reason: t.calls.map((c) => c.tool).join(",") },
        userId,
      );
    const code = t.code ? { code: t.code } : {};
    this.o.events.emit(
      "turn",
      {
        turn_id: t.turn_id,
        source: opts.source,
        outcome: t.outcome,
        ...code,
        tools: t.calls.map((c) => c.tool),
        calls: turnEventCalls(t.calls),
        ...(opts.classification !== undefined ? { classification: opts.classification } : {}),
        ...(opts.message !== undefined ? { message: opts.message.slice(0, 2000) } : {}),
        reply: t.reply.slice(0, 2000),
      },
      userId,
    );
    return t;
  }
}
