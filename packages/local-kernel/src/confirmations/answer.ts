// The user's answer to a confirmation: claim the stored calls once, then accept (replay them byte-identically
// through the dispatch path) or cancel (audit every stored call as cancelled; nothing runs).
import { hasStepRefs, makeChainResolver } from "../chain/resolver.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import type { TurnResult } from "../dispatch/result.js";
import type { EventBus } from "../events.js";
import type { SqliteFactLedger } from "../facts/sqlite-store.js";
import type { KernelLog } from "../log.js";
import type { AuditLedger } from "../state/audit.js";
import type { UserDirectory } from "../users/users.js";
import type { ExtensionHost } from "../worker/extension-host.js";
import type { ConfirmationStore } from "./store.js";

/** Options of {@link ConfirmationAnswers}. */
export interface ConfirmationAnswersOptions {
  confirmations: ConfirmationStore;
  dispatcher: Dispatcher;
  users: UserDirectory;
  host: ExtensionHost;
  audit: AuditLedger;
  facts: SqliteFactLedger;
  events: EventBus;
  log: KernelLog;
  durable: () => Promise<void>;
}

/** Accepts and cancels confirmations (HTTP routes, `kernel.accept`, and "yes"/"no" in a chat turn). */
export class ConfirmationAnswers {
  constructor(private readonly o: ConfirmationAnswersOptions) {}

  /** Executes the stored calls of a pending confirmation (once; 404/403/409 otherwise). */
  async accept(userId: string, id: string, opts: { fromPanel?: boolean } = {}): Promise<TurnResult> {
    const o = this.o;
    const u = o.users.require(userId);
    const rec = o.confirmations.claim(id, u.id, u.tenantId, "accepted");
    o.log("info", `confirmation ${id} accepted by ${u.id}`);
    // Chains: `$steps.N...` references in the stored calls resolve from the earlier stored steps' results.
    const byName = new Map((o.host.info?.tools ?? []).map((t) => [t.name, t]));
    const resolveArgs = hasStepRefs(rec.calls)
      ? makeChainResolver(rec.calls, (n) => byName.get(n)?.actionType)
      : undefined;
    const r = await o.dispatcher.dispatch(u.id, rec.calls, {
      fromPanel: opts.fromPanel === true,
      source: "confirmation",
      confirmed: { confirmationId: id },
      ...(resolveArgs ? { resolveArgs } : {}),
    });
    if (r.outcome !== "promoted") o.facts.recordTurn(u.id, r);
    return r;
  }

  /** Cancels a pending confirmation: every stored call gets a `cancelled` audit row. */
  async cancel(userId: string, id: string): Promise<{ id: string; status: "cancelled" }> {
    const o = this.o;
    const u = o.users.require(userId);
    const rec = o.confirmations.claim(id, u.id, u.tenantId, "cancelled");
    const tools = new Map((o.host.info?.tools ?? []).map((t) => [t.name, t]));
    for (const c of rec.calls) {
      o.audit.append({
        tenantId: u.tenantId,
        userId: u.id,
        tool: c.tool,
        actionType: tools.get(c.tool)?.actionType ?? "unknown",
        args: c.args,
        status: "cancelled",
        reason: "the user cancelled the confirmation",
        durationMs: 0,
        source: "confirmation",
        confirmationId: id,
      });
    }
    await o.durable();
    o.events.emit("confirmation_cancelled", { id }, u.id);
    return { id, status: "cancelled" as const };
  }
}
