// Chat turns (SPEC 4): acting user -> classify (catalog, skeleton block, ambient alerts, fact ledger, history) ->
// chain pre-check -> the one dispatch path (guards, authz, confirmation, execute, audit) -> fact ledger -> reply.
import { precheckPlan, type PlanIssue } from "../chain/refs.js";
import type { CatalogEntry, ChatMessage, Classification, Classifier, ClassifyInput } from "../classifier/types.js";
import type { KernelCore } from "../core.js";
import type { Call, CallResult, DispatchOptions, TurnResult } from "../dispatch/dispatch.js";
import { KernelError } from "../errors.js";
import type { SqliteFactLedger } from "../facts-runtime/store.js";
import type { SkeletonRuntime } from "../skeleton-runtime/runtime.js";
import { newId } from "../util/ids.js";
import { buildCatalog } from "./catalog.js";
import { hasStepRefs, makeChainResolver } from "./chain.js";

/** What the classifier was given on this turn (debug view for dev tools and tests). */
export interface TurnContext {
  classifier: "embedded" | "openai";
  /** Ambient alerts fed into this turn's prompt (consumed by it). */
  alerts: string[];
  skeleton_sections: string[];
  skeleton_block: string;
  fact_ledger_turns: number;
  history_messages: number;
}

/** SPEC 4 turn object of `POST /v1/chat/turn`, plus the classification and what the classifier saw. */
export interface ChatTurnResult extends TurnResult {
  classification: Classification | null;
  context?: TurnContext;
  /** For `clarify`: required params that are missing, as `tool.param`. */
  missing?: string[];
}

type Dispatch = (userId: string, calls: Call[], opts: DispatchOptions) => Promise<TurnResult>;

const HISTORY_MAX = 12;
/** Longest chat message accepted (the classifier works on short texts; bulk data belongs in /v1/call args). */
export const MAX_MESSAGE_CHARS = 16_000;
const REFUSE_STRONG = new Set(["no", "nope", "nah", "cancel", "abort", "stop", "don't", "dont", "nevermind"]);
const REFUSE_SOFT = new Set([...REFUSE_STRONG, "it", "that", "please", "thanks", "thank", "you", "do", "not", "never", "mind", "wait", "oh", "actually", "ok", "okay"]);

/** True for a short refusal of a pending confirmation ("no", "cancel it", "never mind"). */
export function isRefusal(message: string): boolean {
  const words = message.toLowerCase().replace(/’/g, "'").match(/[a-z']+/g) ?? [];
  if (words.length === 0 || words.length > 6 || !words.every((w) => REFUSE_SOFT.has(w))) return false;
  return words.some((w) => REFUSE_STRONG.has(w)) || /\bnever mind\b/.test(words.join(" "));
}
const TOKEN_RE = /[A-Za-z0-9_-]+/g;

/** Turn engine: one per kernel. */
export class TurnEngine {
  private readonly history = new Map<string, ChatMessage[]>();
  /** Confirmation ids per user, newest last (from the `confirmation` events of the dispatch path). */
  private readonly confirmations = new Map<string, string[]>();
  /** Promoted turns whose results still have to reach the fact ledger. */
  private readonly promoted = new Map<string, { user: string; tools: string[] }>();

  constructor(
    private readonly core: KernelCore,
    private readonly dispatch: Dispatch,
    private readonly accept: (userId: string, id: string) => Promise<TurnResult>,
    private readonly cancel: (userId: string, id: string) => Promise<unknown>,
    private readonly skeletons: SkeletonRuntime,
    private readonly facts: SqliteFactLedger,
    readonly classifier: Classifier,
  ) {
    core.events.on((e) => {
      if (e.type === "confirmation" && e.userId && typeof e.data.id === "string") {
        const list = this.confirmations.get(e.userId) ?? [];
        list.push(e.data.id);
        if (list.length > 20) list.shift();
        this.confirmations.set(e.userId, list);
      } else if (e.type === "promoted_result" && typeof e.data.turn_id === "string") {
        const p = this.promoted.get(e.data.turn_id);
        if (!p) return;
        this.promoted.delete(e.data.turn_id);
        const results = Array.isArray(e.data.results) ? (e.data.results as Array<{ status?: string; data?: unknown }>) : [];
        const calls = results.map((r, i) => ({ status: r?.status, tool: p.tools[i] ?? "unknown", data: r?.data })).filter((r) => r.status === "success");
        this.recordFacts(p.user, calls.map(({ tool, data }) => ({ tool, data })), e.data.turn_id);
      }
    });
  }

  /** Records a dispatch's successful calls in the user's fact ledger (turns and accepted confirmations). */
  recordTurn(userId: string, t: TurnResult): void {
    const ok = t.calls.filter((c) => c.status === "succeeded").map((c) => ({ tool: c.tool, data: (c.result as { data?: unknown } | undefined)?.data ?? null }));
    this.recordFacts(userId, ok, t.turn_id);
  }

  private recordFacts(userId: string, calls: Array<{ tool: string; data: unknown }>, turnId: string): void {
    if (!calls.length || !this.core.users.has(userId)) return;
    const turn = this.facts.add(userId, calls, turnId);
    if (turn) this.core.seen.add(userId, turn.ids, "fact_ledger");
  }

  /** Forgets the user's conversation (uninstall). */
  purge(userId: string): void {
    this.history.delete(userId);
    this.confirmations.delete(userId);
    this.facts.purge(userId);
  }

  /** The conversation history kept for the classifier (in memory, last 12 messages). */
  historyOf(userId: string): ChatMessage[] {
    return [...(this.history.get(userId) ?? [])];
  }

  /** One chat turn for `userId`. */
  async turn(userId: string, message: string): Promise<ChatTurnResult> {
    if (typeof message !== "string" || message.trim() === "") throw new KernelError("BAD_REQUEST", "`message` must be a non-empty string.", "Send {\"message\": \"...\"}.", 400);
    if (message.length > MAX_MESSAGE_CHARS) throw new KernelError("MESSAGE_TOO_LONG", `The message is longer than ${MAX_MESSAGE_CHARS} characters.`, "Send a shorter message; pass large data through a tool's params with POST /v1/call.", 400);
    if (typeof userId !== "string" || userId.trim() === "") throw new KernelError("ACTING_USER_REQUIRED", "X-Acting-User is required.", "Send the X-Acting-User header.", 400);
    const turnId = newId("turn", 8);
    const user = this.core.users.get(userId);
    if (!user) {
      this.core.audit.append({ tenantId: "unknown", userId, appId: this.core.appId, tool: "chat_turn", actionType: "unknown", args: { message: message.slice(0, 500) }, status: "rejected", reason: "unknown user", errorCode: "UNKNOWN_USER", durationMs: 0, source: "turn" });
      return this.done(userId, { turn_id: turnId, outcome: "rejected", code: "UNKNOWN_USER", reply: "This user is not known to the kernel.", results: [], calls: [], classification: null });
    }
    this.skeletons.reactivate(userId);
    // User messages are conversation material for the fabricated-id guard (I-AH-1).
    this.core.seen.add(userId, [message.slice(0, 256), ...(message.match(TOKEN_RE) ?? [])], "message");

    const info = this.core.host.info;
    const catalog = buildCatalog(info);
    const alerts = this.skeletons.takeAlerts(userId);
    const skeletonBlock = this.skeletons.block(userId);
    const factLedger = this.facts.entries(userId);
    const history = this.historyOf(userId);
    const input: ClassifyInput = {
      message, catalog, skeletonBlock, alerts, history,
      factLedger: factLedger.map((t) => ({ text: t.text, entities: t.entities, ids: t.ids })),
      entities: this.skeletons.entities(userId),
    };
    const context: TurnContext = {
      classifier: this.classifier.kind, alerts, skeleton_sections: this.skeletons.snapshots(userId).map((s) => s.section),
      skeleton_block: skeletonBlock, fact_ledger_turns: factLedger.length, history_messages: history.length,
    };
    this.pushHistory(userId, { role: "user", content: message });

    let cls: Classification;
    try {
      cls = await this.classifier.classify(input);
    } catch (e) {
      this.core.log("error", `classifier failed: ${(e as Error)?.message}`, { turn: turnId });
      return this.done(userId, { turn_id: turnId, outcome: "clarify", code: "CLASSIFIER_FAILED", reply: "Sorry, I couldn't understand that just now. Could you rephrase it?", results: [], calls: [], classification: null, context });
    }
    const base = { turn_id: turnId, classification: cls, context };

    // "yes" / "confirm" while a confirmation is pending accepts the newest pending one (see docs/architecture.md).
    if (cls.is_acceptance) {
      const pending = this.newestPending(userId);
      if (pending) {
        let r: TurnResult;
        try {
          r = await this.accept(userId, pending);
        } catch (e) {
          if (e instanceof KernelError && (e.status === 409 || e.status === 404)) {
            return this.done(userId, { ...base, outcome: "chat", reply: "That request was already handled, so there is nothing left to confirm.", results: [], calls: [] });
          }
          throw e;
        }
        return this.done(userId, { ...r, ...base, turn_id: r.turn_id }, true);
      }
      if (cls.intent !== "action") {
        return this.done(userId, { ...base, outcome: "chat", reply: "There is nothing waiting for your confirmation right now. What would you like to do?", results: [], calls: [] });
      }
    }

    // "no" / "cancel" while a confirmation is pending cancels it (nothing runs).
    if (cls.intent !== "action" && isRefusal(message)) {
      const pending = this.newestPending(userId);
      if (pending) {
        try {
          await this.cancel(userId, pending);
        } catch (e) {
          if (!(e instanceof KernelError && (e.status === 409 || e.status === 404))) throw e;
        }
        return this.done(userId, { ...base, outcome: "chat", reply: "OK, I cancelled that. Nothing was changed.", results: [], calls: [] });
      }
    }

    if (cls.error) {
      return this.done(userId, { ...base, outcome: "clarify", code: cls.error.code, reply: cls.question ?? "Sorry, I couldn't understand that. Could you rephrase it?", results: [], calls: [] });
    }
    if (cls.intent === "clarify") {
      return this.done(userId, { ...base, outcome: "clarify", reply: cls.question ?? "Could you tell me a bit more about what you'd like to do?", results: [], calls: [], ...(cls.missing?.length ? { missing: cls.missing } : {}) });
    }
    if (cls.intent === "chat" || cls.plan.length === 0) {
      return this.done(userId, { ...base, outcome: "chat", reply: chatReply(message, catalog, info?.manifest?.display_name), results: [], calls: [] });
    }

    const plan: Call[] = cls.plan.map((s) => ({ tool: s.tool, args: s.args }));
    const byName = new Map(catalog.map((t) => [t.name, t]));
    const source = plan.length > 1 ? "chain" : "turn";
    // Chain pre-check: a write step whose reference cannot resolve fails hard before anything runs.
    if (hasStepRefs(plan)) {
      const pre = precheckPlan(plan.map((c) => ({ tool: c.tool, args: c.args as Record<string, unknown> })), catalog.map((t) => ({ name: t.name, actionType: t.actionType, ...(t.returnSchema ? { returnSchema: t.returnSchema as Record<string, unknown> } : {}) })));
      if (!pre.ok) return this.done(userId, { ...base, ...(await this.rejectPlan(userId, user.tenantId, plan, byName, pre.issues, source)) });
    }
    const toolInfo = new Map((info?.tools ?? []).map((t) => [t.name, t]));
    const r = await this.dispatch(userId, plan, {
      source, turnId,
      ...(hasStepRefs(plan) ? { resolveArgs: makeChainResolver(plan, (n) => toolInfo.get(n)?.actionType) } : {}),
    });
    if (r.outcome === "promoted") this.promoted.set(r.turn_id, { user: userId, tools: plan.map((c) => c.tool) });
    else this.recordTurn(userId, r);
    const out: ChatTurnResult = { ...r, ...base, turn_id: r.turn_id };
    if (r.outcome === "needs_confirmation" && r.confirmation) out.reply = confirmationReply(r.confirmation.calls, byName);
    return this.done(userId, out, true);
  }

  /** Newest pending confirmation of the user (those raised in this kernel first, then any stored one). */
  private newestPending(userId: string): string | undefined {
    const app = this.core.appId;
    const st = this.core.db.prepare("SELECT status FROM confirmations WHERE id=? AND user_id=? AND app_id=?");
    for (const id of [...(this.confirmations.get(userId) ?? [])].reverse()) {
      const row = st.get(id, userId, app) as { status: string } | undefined;
      if (row?.status === "pending") return id;
    }
    const row = this.core.db.prepare("SELECT id FROM confirmations WHERE user_id=? AND app_id=? AND status='pending' ORDER BY created_at DESC LIMIT 1").get(userId, app) as { id: string } | undefined;
    return row?.id;
  }

  /** Records a plan that failed the chain pre-check: every step is an audited rejection, nothing runs. */
  private async rejectPlan(userId: string, tenantId: string, plan: Call[], byName: Map<string, CatalogEntry>, issues: PlanIssue[], source: "turn" | "chain"): Promise<Omit<ChatTurnResult, "classification" | "turn_id">> {
    const hard = issues.filter((i) => i.hard);
    const first = hard[0]!;
    const calls: CallResult[] = plan.map((c, i) => {
      const issue = hard.find((h) => h.step === i);
      const code = issue ? "CHAIN_REF_UNRESOLVED" : "PLAN_REJECTED";
      const message = issue ? `${issue.message} (${issue.code})` : "Another step of this request was rejected, so nothing ran.";
      const auditId = this.core.audit.append({
        tenantId, userId, appId: this.core.appId, tool: c.tool, actionType: byName.get(c.tool)?.actionType ?? "unknown", args: c.args,
        status: "rejected", reason: message, errorCode: issue ? issue.code : code, durationMs: 0, source,
      });
      return { tool: c.tool, args: c.args, status: "rejected", code, message, durationMs: 0, auditId };
    });
    await this.core.durable();
    const stepTool = plan[first.step]?.tool ?? "a step";
    return {
      outcome: "rejected", code: "CHAIN_REF_UNRESOLVED",
      reply: `I can't do that safely: step ${first.step + 1} (${stepTool}) depends on a result that an earlier step does not provide (${first.ref || first.code}). Nothing was changed.`,
      results: [], calls,
      feedback: hard.map((h) => ({ step: h.step, code: h.code, ref: h.ref, arg: h.argPath, message: h.message })),
    };
  }

  private pushHistory(userId: string, m: ChatMessage): void {
    const h = this.history.get(userId) ?? [];
    h.push({ role: m.role, content: m.content.slice(0, 2000) });
    if (h.length > HISTORY_MAX) h.splice(0, h.length - HISTORY_MAX);
    this.history.set(userId, h);
  }

  /** Adds the reply to the history and announces turns the dispatch path did not (chat, clarify, pre-check). */
  private async done(userId: string, t: ChatTurnResult, dispatched = false): Promise<ChatTurnResult> {
    if (this.core.users.has(userId)) this.pushHistory(userId, { role: "assistant", content: t.reply });
    if (!dispatched) {
      await this.core.durable();
      this.core.events.emit("turn", { turn_id: t.turn_id, source: "turn", outcome: t.outcome, ...(t.code ? { code: t.code } : {}), tools: t.calls.map((c) => c.tool) }, userId);
    }
    return t;
  }
}

function describe(c: Call, byName: Map<string, CatalogEntry>): string {
  const t = byName.get(c.tool);
  const what = t?.description ? t.description.replace(/[.\s]+$/, "") : c.tool;
  const args = c.args && typeof c.args === "object" ? Object.entries(c.args as Record<string, unknown>) : [];
  const shown = args.map(([k, v]) => `${k}: ${typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v)}`).join(", ");
  return `${what} (${c.tool}${shown ? ` — ${shown}` : ""})`;
}

/** The confirmation card's text: every intercepted call, then how to answer. */
function confirmationReply(calls: Call[], byName: Map<string, CatalogEntry>): string {
  const lines = calls.map((c, i) => (calls.length > 1 ? `${i + 1}. ` : "") + describe(c, byName));
  const head = calls.length > 1 ? `Before I go ahead, please confirm these ${calls.length} steps:` : "Before I go ahead, please confirm:";
  return `${head}\n${lines.join("\n")}\nReply "yes" to confirm, or cancel it.`;
}

/** A friendly answer for small talk and messages no tool handles. */
function chatReply(message: string, catalog: CatalogEntry[], displayName: unknown): string {
  const lower = message.toLowerCase();
  const name = typeof displayName === "string" && displayName ? displayName : "this extension";
  const examples = catalog.slice(0, 4).map((t) => t.description.replace(/[.\s]+$/, "")).map((d) => d.charAt(0).toLowerCase() + d.slice(1));
  const can = examples.length ? ` I can ${examples.join("; ")}.` : "";
  if (/\b(thanks|thank you|thx|cheers|ty)\b/.test(lower)) return "You're welcome! Anything else I can do?";
  if (/\b(bye|goodbye|see you)\b/.test(lower)) return "Bye! Come back any time.";
  if (/^\s*(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening))\b/.test(lower)) return `Hi! I'm here to help with ${name}.${can} What would you like to do?`;
  return `I'm not sure what you'd like me to do there.${can}`;
}
