// A chat turn, top-down (SPEC 4): acting user -> context (catalog, skeleton block, ambient alerts, fact ledger,
// history) -> classify -> a pending confirmation's yes/no -> clarify/chat -> chain pre-check -> dispatch ->
// fact ledger -> reply.
import { precheckPlan, type PlanIssue } from "../chain/refs.js";
import { hasStepRefs, makeChainResolver } from "../chain/resolver.js";
import { isRefusal } from "../classifier/index.js";
import type { CatalogEntry, Classification, Classifier } from "../classifier/types.js";
import type { ConfirmationAnswers } from "../confirmations/answer.js";
import type { ConfirmationStore } from "../confirmations/store.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import { clipDepth, tooDeep } from "../dispatch/gates.js";
import { directTurn, type Call, type CallRecord, type TurnResult } from "../dispatch/result.js";
import { KernelError } from "../errors.js";
import { turnEventCalls, type EventBus, type KernelEvent } from "../events.js";
import type { SqliteFactLedger } from "../facts/sqlite-store.js";
import { MAX_MESSAGE_CHARS } from "../limits.js";
import type { KernelLog } from "../log.js";
import type { SeenIds } from "../seen/registry.js";
import { lookupIn, redactionForCalls } from "../sensitive/redact.js";
import { redactTurn } from "../sensitive/turn.js";
import type { SkeletonRuntime } from "../skeleton/runtime.js";
import type { AuditLedger } from "../state/audit.js";
import type { UserDirectory } from "../users/users.js";
import { newId } from "../util/ids.js";
import type { ExtensionHost } from "../worker/extension-host.js";
import { ConversationHistory, gatherContext, type TurnContext } from "./context.js";
import { DialogueState, pendingFrom, resolveFollowUp } from "./dialogue.js";
import { checkPlan, type SafetyDecision } from "./safety.js";
import { chatReply, confirmationReply, REPLIES, unsafeChainReply } from "./replies.js";

export type { TurnContext };

/** SPEC 4 turn object of `POST /v1/chat/turn`, plus the classification and what the classifier saw. */
export interface ChatTurnResult extends TurnResult {
  classification: Classification | null;
  context?: TurnContext;
  /** For `clarify`: required params that are missing, as `tool.param`. */
  missing?: string[];
  /** Safety and dialogue decisions of this turn, with reason codes (chat/safety.ts, chat/dialogue.ts). */
  safety?: SafetyDecision[];
}

/** Options of {@link ChatTurns}. */
export interface ChatTurnsOptions {
  classifier: Classifier;
  dispatcher: Dispatcher;
  answers: ConfirmationAnswers;
  confirmations: ConfirmationStore;
  skeletons: SkeletonRuntime;
  facts: SqliteFactLedger;
  users: UserDirectory;
  seen: SeenIds;
  host: ExtensionHost;
  audit: AuditLedger;
  events: EventBus;
  log: KernelLog;
  appId: string;
  durable: () => Promise<void>;
  /** Confidence floor of write/destructive plans (default 0.6, chat/safety.ts). */
  confidenceFloor?: number;
}

const TOKEN_RE = /[A-Za-z0-9_-]+/g;
const MAX_TRACKED_CONFIRMATIONS = 20;
const isGone = (e: unknown): boolean => e instanceof KernelError && (e.status === 409 || e.status === 404);

/** Chat turns: one per kernel. */
export class ChatTurns {
  readonly classifier: Classifier;
  private readonly history = new ConversationHistory();
  /** What each user's last clarify waits for. */
  private readonly dialogue = new DialogueState();
  /** Confirmation ids per user, newest last (from the `confirmation` events of the dispatch path). */
  private readonly raised = new Map<string, string[]>();
  /** Promoted turns whose results still have to reach the fact ledger. */
  private readonly promoted = new Map<string, { user: string; tools: string[] }>();
  /** Declared sensitive params of the serving build (SPEC 7.7). */
  private readonly sensitive;

  constructor(private readonly o: ChatTurnsOptions) {
    this.classifier = o.classifier;
    this.sensitive = lookupIn(() => o.host.info);
    o.events.on((e) => this.observe(e));
  }

  /** Follows the dispatch path's confirmations and promoted results. */
  private observe(e: KernelEvent): void {
    switch (e.type) {
      case "confirmation": {
        if (!e.userId) return;
        const list = this.raised.get(e.userId) ?? [];
        list.push(e.data.id);
        if (list.length > MAX_TRACKED_CONFIRMATIONS) list.shift();
        this.raised.set(e.userId, list);
        return;
      }
      case "promoted_result": {
        const p = this.promoted.get(e.data.turn_id);
        if (!p) return;
        this.promoted.delete(e.data.turn_id);
        const results = Array.isArray(e.data.results)
          ? (e.data.results as Array<{ status?: string; data?: unknown }>)
          : [];
        const calls = results
          .map((r, i) => ({ status: r?.status, tool: p.tools[i] ?? "unknown", data: r?.data }))
          .filter((r) => r.status === "success")
          .map(({ tool, data }) => ({ tool, data }));
        this.o.facts.recordCalls(p.user, calls, e.data.turn_id);
        return;
      }
      default:
        return;
    }
  }

  /** True while the user owes this extension an answer (a clarify question, a pending confirmation). */
  hasOpenDialogue(userId: string): boolean {
    return this.dialogue.get(userId) !== undefined || this.newestPending(userId) !== undefined;
  }

  /** Forgets the user's conversation (uninstall). */
  purge(userId: string): void {
    this.history.purge(userId);
    this.dialogue.purge(userId);
    this.raised.delete(userId);
    this.o.facts.purge(userId);
  }

  /** One chat turn for `userId`. */
  async turn(userId: string, message: string): Promise<ChatTurnResult> {
    const o = this.o;
    if (typeof message !== "string" || message.trim() === "") {
      throw new KernelError("BAD_REQUEST", "`message` must be a non-empty string.", 'Send {"message": "..."}.', 400);
    }
    if (message.length > MAX_MESSAGE_CHARS) {
      const fix = "Send a shorter message; pass large data through a tool's params with POST /v1/call.";
      throw new KernelError(
        "MESSAGE_TOO_LONG",
        `The message is longer than ${MAX_MESSAGE_CHARS} characters.`,
        fix,
        400,
      );
    }
    if (typeof userId !== "string" || userId.trim() === "") {
      throw new KernelError(
        "ACTING_USER_REQUIRED",
        "X-Acting-User is required.",
        "Send the X-Acting-User header.",
        400,
      );
    }
    const turnId = newId("turn", 8);
    const user = o.users.get(userId);
    if (!user) {
      o.audit.append({
        tenantId: "unknown",
        userId,
        tool: "chat_turn",
        actionType: "unknown",
        args: { message: message.slice(0, 500) },
        status: "rejected",
        reason: "unknown user",
        errorCode: "UNKNOWN_USER",
        durationMs: 0,
        source: "turn",
      });
      const reply = REPLIES.unknownUser;
      return this.done(userId, {
        turn_id: turnId,
        outcome: "rejected",
        code: "UNKNOWN_USER",
        reply,
        results: [],
        calls: [],
        classification: null,
      });
    }
    o.skeletons.reactivate(userId);
    const info = o.host.info;
    const src = { skeletons: o.skeletons, facts: o.facts, history: this.history, classifierKind: this.classifier.kind };
    const { input, context, catalog } = gatherContext(src, userId, message, info);

    let cls: Classification;
    try {
      cls = await this.classifier.classify(input);
    } catch (e) {
      this.remember(userId, message, []);
      o.log("error", `classifier failed: ${(e as Error)?.message}`, { turn: turnId });
      const reply = REPLIES.classifierFailed;
      return this.done(userId, {
        turn_id: turnId,
        outcome: "clarify",
        code: "CLASSIFIER_FAILED",
        reply,
        results: [],
        calls: [],
        classification: null,
        context,
      });
    }
    // The previous question's answer, then the safety rules: both may change what this turn does (see their modules).
    const safety: SafetyDecision[] = [];
    const waiting = this.dialogue.get(userId);
    this.dialogue.set(userId, undefined);
    let accepted = false;
    let answered: string[] | undefined;
    if (waiting) {
      const f = resolveFollowUp(waiting, input, cls);
      cls = f.classification;
      accepted = f.accepted;
      answered = f.filled;
      if (f.decision) safety.push(f.decision);
      if (f.pending) this.dialogue.set(userId, f.pending);
    }
    if (!accepted) {
      const v = checkPlan({ message, classification: cls, catalog, floor: o.confidenceFloor, answered });
      cls = v.classification;
      safety.push(...v.safety);
    }
    const said = this.remember(userId, message, cls.plan);
    if (cls.intent === "clarify") this.dialogue.set(userId, pendingFrom(cls) ?? this.dialogue.get(userId));
    // A plan nested too deep is rejected by dispatch; the turn object echoes it cut at the limit (it must serialize).
    const deep = cls.plan.some((c) => tooDeep(c.args));
    const clipped = deep ? { ...cls, plan: cls.plan.map((c) => ({ ...c, args: clipDepth(c.args) })) } : cls;
    const shown = redactTurn({ calls: [], classification: clipped }, this.sensitive).classification as Classification;
    const base = {
      turn_id: turnId,
      classification: shown as Classification,
      context,
      ...(safety.length ? { safety } : {}),
    };
    const say = (outcome: "chat" | "clarify", reply: string, extra: Partial<ChatTurnResult> = {}) =>
      this.done(userId, { ...base, outcome, reply, results: [], calls: [], ...extra }, false, said);

    // "yes" / "confirm" while a confirmation is pending accepts the newest pending one (see docs/architecture.md).
    if (cls.is_acceptance) {
      const pending = this.newestPending(userId);
      if (pending) {
        let r: TurnResult;
        try {
          r = directTurn(await o.answers.accept(userId, pending));
        } catch (e) {
          if (isGone(e)) return say("chat", REPLIES.alreadyHandled);
          throw e;
        }
        return this.done(userId, { ...r, ...base, turn_id: r.turn_id }, true);
      }
      if (cls.intent !== "action") return say("chat", REPLIES.nothingPending);
    }

    // "no" / "cancel" while a confirmation is pending cancels it (nothing runs).
    if (cls.intent !== "action" && isRefusal(message)) {
      const pending = this.newestPending(userId);
      if (pending) {
        try {
          await o.answers.cancel(userId, pending);
        } catch (e) {
          if (!isGone(e)) throw e;
        }
        return say("chat", REPLIES.cancelled);
      }
    }

    if (cls.error) return say("clarify", cls.question ?? REPLIES.notUnderstood, { code: cls.error.code });
    if (cls.intent === "clarify") {
      return say("clarify", cls.question ?? REPLIES.tellMeMore, cls.missing?.length ? { missing: cls.missing } : {});
    }
    if (cls.intent === "chat" || cls.plan.length === 0)
      return say("chat", chatReply(message, catalog, info?.manifest?.display_name, cls.language));

    const plan: Call[] = cls.plan.map((s) => ({ tool: s.tool, args: s.args }));
    const byName = new Map(catalog.map((t) => [t.name, t]));
    const source = plan.length > 1 ? "chain" : "turn";
    // Args nested too deep go straight to dispatch, which rejects them before any recursive walk (the pre-check is one).
    const refs = !deep && hasStepRefs(plan);
    // Chain pre-check: a write step whose reference cannot resolve fails hard before anything runs.
    if (refs) {
      const steps = plan.map((c) => ({ tool: c.tool, args: c.args as Record<string, unknown> }));
      const tools = catalog.map((t) => ({
        name: t.name,
        actionType: t.actionType,
        ...(t.returnSchema ? { returnSchema: t.returnSchema as Record<string, unknown> } : {}),
      }));
      const pre = precheckPlan(steps, tools);
      if (!pre.ok)
        return this.done(
          userId,
          { ...base, ...(await this.rejectPlan(userId, user.tenantId, plan, byName, pre.issues, source)) },
          false,
          said,
        );
    }
    const toolInfo = new Map((info?.tools ?? []).map((t) => [t.name, t]));
    const r = await o.dispatcher.dispatch(userId, plan, {
      source,
      turnId,
      classification: shown,
      message: said,
      ...(refs ? { resolveArgs: makeChainResolver(plan, (n) => toolInfo.get(n)?.actionType) } : {}),
    });
    if (r.outcome === "promoted") this.promoted.set(r.turn_id, { user: userId, tools: plan.map((c) => c.tool) });
    else o.facts.recordTurn(userId, r);
    const out: ChatTurnResult = { ...r, ...base, turn_id: r.turn_id };
    if (r.outcome === "needs_confirmation" && r.confirmation)
      out.reply = confirmationReply(r.confirmation.calls, byName);
    return this.done(userId, out, true);
  }

  /**
   * The user's message becomes conversation material (history; the fabricated-id guard's seen values, I-AH-1) once
   * classified: the sensitive values its plan carries are scrubbed from it first, since the seen values are persisted.
   */
  private remember(userId: string, message: string, plan: Call[]): string {
    const m = redactionForCalls(plan, this.sensitive).all.text(message);
    this.o.seen.add(userId, [m.slice(0, 256), ...(m.match(TOKEN_RE) ?? [])], "message");
    this.history.push(userId, { role: "user", content: m });
    return m;
  }

  /** Newest pending confirmation of the user (those raised in this kernel first, then any stored one). */
  private newestPending(userId: string): string | undefined {
    return this.o.confirmations.newestPending(userId, this.o.appId, this.raised.get(userId));
  }

  /** Records a plan that failed the chain pre-check: every step is an audited rejection, nothing runs. */
  private async rejectPlan(
    userId: string,
    tenantId: string,
    plan: Call[],
    byName: Map<string, CatalogEntry>,
    issues: PlanIssue[],
    source: "turn" | "chain",
  ): Promise<Omit<ChatTurnResult, "classification" | "turn_id">> {
    const hard = issues.filter((i) => i.hard);
    const first = hard[0]!;
    const calls: CallRecord[] = plan.map((c, i) => {
      const issue = hard.find((h) => h.step === i);
      const code = issue ? "CHAIN_REF_UNRESOLVED" : "PLAN_REJECTED";
      const message = issue
        ? `${issue.message} (${issue.code})`
        : "Another step of this request was rejected, so nothing ran.";
      const auditId = this.o.audit.append({
        tenantId,
        userId,
        tool: c.tool,
        actionType: byName.get(c.tool)?.actionType ?? "unknown",
        args: c.args,
        status: "rejected",
        reason: message,
        errorCode: issue ? issue.code : code,
        durationMs: 0,
        source,
      });
      return { tool: c.tool, args: c.args, status: "rejected", code, message, durationMs: 0, auditId };
    });
    await this.o.durable();
    return {
      outcome: "rejected",
      code: "CHAIN_REF_UNRESOLVED",
      reply: unsafeChainReply(first.step, plan[first.step]?.tool ?? "a step", first.ref || first.code),
      results: [],
      calls,
      feedback: hard.map((h) => ({ step: h.step, code: h.code, ref: h.ref, arg: h.argPath, message: h.message })),
    };
  }

  /** Adds the reply to the history and announces turns the dispatch path did not (chat, clarify, pre-check). */
  private async done(userId: string, exact: ChatTurnResult, dispatched = false, message = ""): Promise<ChatTurnResult> {
    const t = redactTurn(exact, this.sensitive);
    if (this.o.users.has(userId)) this.history.push(userId, { role: "assistant", content: t.reply });
    if (!dispatched) {
      await this.o.durable();
      const code = t.code ? { code: t.code } : {};
      this.o.events.emit(
        "turn",
        {
          turn_id: t.turn_id,
          source: "turn",
          outcome: t.outcome,
          ...code,
          tools: t.calls.map((c) => c.tool),
          calls: turnEventCalls(t.calls),
          classification: t.classification,
          ...(message ? { message: message.slice(0, 2000) } : {}),
          reply: t.reply.slice(0, 2000),
        },
        userId,
      );
    }
    return t;
  }
}
