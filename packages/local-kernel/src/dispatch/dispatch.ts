import { performance } from "node:perf_hooks";
import { authorize } from "../authz/authz.js";
import { needsConfirmation } from "../confirmations/policy.js";
import type { KernelCore } from "../core.js";
import { KernelError } from "../errors.js";
import { runInWorker } from "../lifecycle/run.js";
import type { ToolOutcome } from "../sdk-api.js";
import type { KernelUser } from "../users.js";
import { newId } from "../util/ids.js";
import type { ToolInfo } from "../worker/protocol.js";

/** One requested call: a tool name and its raw args (exactly as the caller or classifier produced them). */
export interface Call { tool: string; args: unknown }

/** Who asked: direct call, chat turn, chain step, an accepted confirmation, a panel render, a skeleton refresh. */
export type DispatchSource = "call" | "turn" | "chain" | "confirmation" | "panel" | "skeleton" | "system";

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
  /** Chain hook (part 2): resolves `$steps.N...` references right before step `index` runs. */
  resolveArgs?: (index: number, args: unknown, done: CallResult[]) => unknown;
  /** Reuse a turn id (part 2's chat turns). */
  turnId?: string;
}

export type CallStatus = "succeeded" | "failed" | "rejected" | "intercepted" | "timeout" | "cancelled";

/** What happened to one call. `result` is ActionResult JSON (chat functions/tools), a UI tree (panels) or `{ response }` (skeletons). */
export interface CallResult {
  tool: string;
  args: unknown;
  status: CallStatus;
  result?: unknown;
  code?: string;
  message?: string;
  feedback?: unknown;
  durationMs: number;
  auditId: string;
  callId?: number;
}

/** The turn object of SPEC 4 (`POST /v1/call`, `/v1/chat/turn`, confirmation accept). */
export interface TurnResult {
  turn_id: string;
  /** The classifier's answer for chat turns; `null` for direct calls and confirmations (no classifier ran). */
  classification?: unknown;
  outcome: "completed" | "needs_confirmation" | "rejected" | "promoted" | "clarify" | "chat";
  reply: string;
  results: unknown[];
  confirmation?: { id: string; calls: Call[] };
  code?: string;
  feedback?: unknown;
  task_id?: string;
  calls: CallResult[];
}

interface Rejection { code: string; message: string; feedback?: unknown }

const REF_RE = /^\$steps\.\d+(\.|$)/;

/** Args with chain references (`$steps.N...`) removed, for the id guard (references are resolved later). */
function stripRefs(v: unknown): unknown {
  if (typeof v === "string") return REF_RE.test(v) ? undefined : v;
  if (Array.isArray(v)) return v.map(stripRefs).filter((x) => x !== undefined);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) { const y = stripRefs(x); if (y !== undefined) out[k] = y; }
    return out;
  }
  return v;
}
function hasRefs(v: unknown): boolean {
  if (typeof v === "string") return REF_RE.test(v);
  if (Array.isArray(v)) return v.some(hasRefs);
  if (v && typeof v === "object") return Object.values(v).some(hasRefs);
  return false;
}
/** Id-shaped values in args (keys `id`, `*_id`, `*Id`, or the idProjection), as strings. */
function idValues(v: unknown, idProjection?: string, out: string[] = [], depth = 0): string[] {
  if (depth > 32 || v === null || typeof v !== "object") return out;
  const isIdKey = (k: string) => k === "id" || k.endsWith("_id") || /[a-z0-9]Id$/.test(k) || k === idProjection;
  const scalars = (x: unknown): void => {
    if (typeof x === "string" || typeof x === "number") { if (String(x).trim() !== "") out.push(String(x)); }
    else if (Array.isArray(x)) x.forEach(scalars);
    else idValues(x, idProjection, out, depth + 1);
  };
  if (Array.isArray(v)) { for (const x of v) idValues(x, idProjection, out, depth + 1); return out; }
  for (const [k, x] of Object.entries(v)) {
    if (isIdKey(k)) scalars(x);
    else idValues(x, idProjection, out, depth + 1);
  }
  return out;
}
function isPlainArgs(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const SDK_ERROR_RE = /^(ImperalError|ValidationError|StoreConflict|SecretNotDeclared|TaskCancelled|SkeletonAccessForbidden)\b/;

/**
 * User-visible text for a failed call: SDK errors (which carry a written-for-users message) keep it; any other
 * exception becomes a plain conversational sentence (I-MAGIC-UX) and its detail goes to the kernel log only.
 */
function userMessage(o: { code: string; message: string; detail?: string }, t: ToolInfo): string {
  if (o.code !== "HANDLER_ERROR") return o.message;
  if (o.detail && SDK_ERROR_RE.test(o.detail)) return o.message;
  const what = t.description ? t.description.replace(/[.\s]+$/, "").toLowerCase() : t.name;
  return `Sorry, something went wrong and I couldn't finish that (${what}). Please try again; if it keeps happening, check the extension's log.`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));


function errorJson(code: string, message: string, retryable?: boolean): Record<string, unknown> {
  return { status: "error", summary: message, data: null, error: message, error_code: code, ...(retryable ? { retryable: true } : {}) };
}

/**
 * The one internal dispatch path: guards -> authorization -> confirmation -> execute -> audit.
 * `kernel.call`, `POST /v1/call`, confirmation accept, panels and (part 2) chat turns and chains all use it.
 */
export async function dispatchCalls(core: KernelCore, userId: string, rawCalls: Call[], opts: DispatchOptions): Promise<TurnResult> {
  if (typeof userId !== "string" || userId.trim() === "") {
    throw new KernelError("AUDIT_NO_USER", "No acting user: the kernel fails closed.", "Send X-Acting-User (or pass a user id to kernel.call).", 400);
  }
  if (!Array.isArray(rawCalls)) throw new KernelError("BAD_REQUEST", "calls must be an array of { tool, args }.", "Pass [{ tool, args }].", 400);
  const calls: Call[] = rawCalls.map((c) => (c && typeof c === "object" ? c : { tool: String(c), args: undefined }));
  const turnId = opts.turnId ?? newId("turn", 8);
  const handle = await core.host.acquire();
  const info = handle.info!;
  const user = core.users.get(userId);
  const kind = opts.kind ?? "chat";
  const allow = opts.allowKinds ?? ["chat_function", "tool"];
  const tools = new Map(info.tools.map((t) => [t.name, t]));
  const tenantId = user?.tenantId ?? "unknown";

  const audit = (c: Call, t: ToolInfo | undefined, status: CallStatus | "promoted", durationMs: number, extra: { reason?: string; code?: string; callId?: number } = {}) =>
    core.audit.append({
      tenantId, userId, appId: core.appId, tool: c.tool, actionType: t?.actionType ?? "unknown", args: redactArgs(core, userId, c.args), status, durationMs,
      reason: extra.reason, errorCode: extra.code, source: opts.source, callId: extra.callId !== undefined ? String(extra.callId) : undefined,
      confirmationId: opts.confirmed?.confirmationId,
    });

  // 1. Gates, for every call before anything runs.
  const rejections: Array<Rejection | null> = [];
  for (const c of calls) rejections.push(await gate(core, user, c, tools.get(c?.tool), allow, opts, handle));
  const firstBad = rejections.findIndex((r) => r !== null);
  if (firstBad >= 0) {
    const r = rejections[firstBad]!;
    const results: CallResult[] = calls.map((c, i) => {
      const rj = rejections[i] ?? { code: "PLAN_REJECTED", message: "Another step of this request was rejected, so nothing ran." };
      const auditId = audit(c, tools.get(c?.tool), "rejected", 0, { reason: rj.message, code: rj.code });
      return { tool: c?.tool, args: c?.args, status: "rejected", code: rj.code, message: rj.message, ...(rj.feedback !== undefined ? { feedback: rj.feedback } : {}), durationMs: 0, auditId };
    });
    core.log("info", `rejected ${calls[firstBad]!.tool} for ${userId}: ${r.code}`, { turn: turnId });
    return finish(core, userId, opts, { turn_id: turnId, outcome: "rejected", code: r.code, reply: r.message, ...(r.feedback !== undefined ? { feedback: r.feedback } : {}), results: [], calls: results });
  }
  const u = user!;

  // 2. Confirmation policy (master toggle + per-action-type), same on single and multi-step paths.
  if (!opts.confirmed && calls.some((c) => needsConfirmation(tools.get(c.tool)!.actionType, u.confirmations))) {
    const rec = core.confirmations.create({ tenantId: u.tenantId, userId: u.id, appId: core.appId }, calls, opts.source);
    const results: CallResult[] = calls.map((c) => {
      const auditId = audit(c, tools.get(c.tool), "intercepted", 0, { reason: `awaiting confirmation ${rec.id}` });
      return { tool: c.tool, args: c.args, status: "intercepted", durationMs: 0, auditId };
    });
    const what = rec.calls.map((c) => `${c.tool} ${JSON.stringify(c.args)}`).join(", then ");
    core.events.emit("confirmation", { id: rec.id, calls: rec.calls, turn_id: turnId }, u.id);
    return finish(core, userId, opts, {
      turn_id: turnId, outcome: "needs_confirmation", reply: `Please confirm: ${what}.`, results: [],
      confirmation: { id: rec.id, calls: rec.calls }, calls: results,
    });
  }

  // 3. Execute (sequentially; a failing step stops the rest), with promotion past the threshold.
  const done: CallResult[] = [];
  // Every planned action gets its ledger row: steps after a failed or unresolvable one are recorded as cancelled.
  const skipRest = (from: number): void => {
    for (const rest of calls.slice(from)) {
      const auditId = audit(rest, tools.get(rest.tool), "cancelled", 0, { reason: "an earlier step did not succeed", code: "PREVIOUS_STEP_FAILED" });
      done.push({ tool: rest.tool, args: rest.args, status: "cancelled", code: "PREVIOUS_STEP_FAILED", message: "Skipped because an earlier step did not succeed.", durationMs: 0, auditId });
    }
  };
  const execAll = async (): Promise<CallResult[]> => {
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]!;
      const t = tools.get(c.tool)!;
      let args = c.args;
      if (opts.resolveArgs) {
        try { args = opts.resolveArgs(i, c.args, done); } catch (e) {
          const msg = (e as Error)?.message ?? "A step reference did not resolve.";
          const auditId = audit(c, t, "rejected", 0, { reason: msg, code: "UNRESOLVED_REFERENCE" });
          done.push({ tool: c.tool, args: c.args, status: "rejected", code: "UNRESOLVED_REFERENCE", message: msg, durationMs: 0, auditId });
          skipRest(i + 1);
          break;
        }
      }
      const r = await executeOne(core, u, { tool: c.tool, args }, t, kind, audit);
      done.push(r);
      if (r.status !== "succeeded") {
        skipRest(i + 1);
        break;
      }
    }
    return done;
  };
  const exec = execAll();
  const promote = opts.promote ?? (opts.source === "call" || opts.source === "turn" || opts.source === "chain" || opts.source === "confirmation");
  if (promote) {
    let timer: NodeJS.Timeout | undefined;
    const promoted = await Promise.race([
      exec.then(() => false),
      new Promise<true>((r) => { timer = setTimeout(() => r(true), core.limits.promotionMs); }),
    ]);
    clearTimeout(timer);
    if (promoted) {
      const taskId = `task_${turnId}`;
      exec.then(
        async (res) => {
          await core.durable();
          const turn = assemble(turnId, res);
          core.events.emit("promoted_result", { task_id: taskId, turn_id: turnId, outcome: turn.outcome, reply: turn.reply, results: turn.results, ...(turn.code ? { code: turn.code } : {}) }, u.id);
        },
        (e) => core.log("error", `promoted task ${taskId} failed: ${(e as Error)?.message}`),
      );
      return finish(core, userId, opts, {
        turn_id: turnId, outcome: "promoted", task_id: taskId,
        reply: "This is taking a moment — I'm working on it and will post the result in the chat when it's done.",
        results: [], calls: [...done],
      });
    }
  }
  return finish(core, userId, opts, assemble(turnId, await exec));
}

/** Args as recorded in the audit ledger: the user's secret values replaced by `[redacted]`. */
function redactArgs(core: KernelCore, userId: string, args: unknown): unknown {
  let text: string | undefined;
  try { text = JSON.stringify(args); } catch { return "[unserializable]"; }
  if (text === undefined) return args;
  const red = core.redact(userId, text);
  return red === text ? args : JSON.parse(red);
}

/** Makes the turn's audit rows durable, then announces it. */
async function finish(core: KernelCore, userId: string, opts: DispatchOptions, t: TurnResult): Promise<TurnResult> {
  await core.durable();
  core.events.emit("turn", { turn_id: t.turn_id, source: opts.source, outcome: t.outcome, ...(t.code ? { code: t.code } : {}), tools: t.calls.map((c) => c.tool) }, userId);
  return t;
}

/** Builds the turn object from executed calls. */
function assemble(turnId: string, res: CallResult[]): TurnResult {
  const last = res[res.length - 1];
  const stopped = res.find((r) => r.status === "timeout" || r.status === "cancelled" || r.status === "rejected");
  const results = res.filter((r) => r.result !== undefined).map((r) => r.result);
  const reply = res
    .filter((r) => r.status !== "cancelled" || r.code !== "PREVIOUS_STEP_FAILED")
    .map((r) => {
      const j = r.result as { summary?: unknown; error?: unknown } | undefined;
      if (r.status === "succeeded") return typeof j?.summary === "string" && j.summary ? j.summary : "Done.";
      return String(j?.error ?? r.message ?? "The action failed.");
    })
    .join(" ");
  if (stopped) return { turn_id: turnId, outcome: "rejected", code: stopped.code, reply, results, calls: res, ...(stopped.feedback !== undefined ? { feedback: stopped.feedback } : {}) };
  return { turn_id: turnId, outcome: "completed", reply: reply || (last ? "Done." : "Nothing to do."), results, calls: res };
}

/** Guards and authorization for one call. Returns null when the call may proceed. */
async function gate(
  core: KernelCore, user: KernelUser | undefined, c: Call, t: ToolInfo | undefined, allow: ToolInfo["kind"][], opts: DispatchOptions,
  handle: Awaited<ReturnType<KernelCore["host"]["acquire"]>>,
): Promise<Rejection | null> {
  if (!user) return { code: "UNKNOWN_USER", message: "This user is not known to the kernel." };
  if (!c || typeof c.tool !== "string" || !t || !allow.includes(t.kind)) {
    return { code: "UNKNOWN_TOOL", message: `There is no action called ${JSON.stringify(c?.tool)} in this extension.` };
  }
  if (!isPlainArgs(c.args)) return { code: "INVALID_ARGS", message: "The arguments must be a JSON object." };
  // Guards judge arguments a classifier or a client proposed; skeleton refresh/alert args are built by the kernel itself.
  if (!opts.confirmed && opts.source !== "skeleton") {
    const ph = core.guards.checkPlaceholders(c.args);
    if (!ph.ok) return { code: ph.code || "PLACEHOLDER_ARG", message: ph.message };
    const stripped = stripRefs(c.args);
    const seen = core.seen.view(user.id);
    // Fast path: every id-shaped value is an exact hit. Otherwise the SDK guard decides (it also accepts whole tokens inside seen text).
    if (!idValues(stripped, t.idProjection).every((v) => seen.has(v))) {
      const fid = core.guards.checkFabricatedIds(stripped, { seen, ...(t.idProjection ? { idProjection: t.idProjection } : {}) });
      if (!fid.ok) return { code: fid.code || "FABRICATED_ID", message: fid.message };
    }
    if (t.hasParams && !hasRefs(c.args)) {
      const key = `${user.id}\u0000${t.name}`;
      const attempt = core.validationBudget.get(key) ?? 0;
      const v = await handle.validate(t.name, c.args, attempt);
      if (!v.ok) {
        if (v.code === "VALIDATION_FAILED") core.validationBudget.set(key, attempt + 1);
        else core.validationBudget.delete(key);
        const f = v as { feedback?: unknown };
        return { code: v.code, message: v.message, ...(f.feedback !== undefined ? { feedback: f.feedback } : {}) };
      }
      core.validationBudget.delete(key);
    }
  }
  const az = authorize({ user, targetTenantId: user.tenantId, actionType: t.actionType, toolScopes: t.scopes, capabilities: core.host.info?.capabilities ?? [] });
  if (!az.ok) return { code: az.code, message: az.code === "FORBIDDEN_SCOPE" ? `You don't have permission to do that (${az.reason}).` : "This action belongs to another organisation." };
  return null;
}

/** Executes one call (with read retries), audits it durably and feeds the seen-ids registry. */
async function executeOne(
  core: KernelCore, user: KernelUser, c: Call, t: ToolInfo, kind: "chat" | "panel" | "skeleton",
  audit: (c: Call, t: ToolInfo | undefined, status: CallStatus, durationMs: number, extra?: { reason?: string; code?: string; callId?: number }) => string,
): Promise<CallResult> {
  const timeoutMs = t.longRunning ? core.limits.longRunningTimeoutMs : core.limits.callTimeoutMs;
  const t0 = performance.now();
  let outcome: ToolOutcome & { callId: number };
  for (let attempt = 0; ; attempt++) {
    outcome = await runInWorker(core, user, c.tool, c.args, kind, { timeoutMs, attempt: 0 });
    const res = outcome.ok ? (outcome.result as { status?: string; retryable?: boolean } | undefined) : undefined;
    const retryable = outcome.ok ? res?.status === "error" && res?.retryable === true : outcome.retryable === true;
    if (!(retryable && t.actionType === "read" && attempt < core.limits.readRetries)) break;
    await sleep(core.limits.retryBackoffMs * 2 ** attempt);
  }
  const durationMs = performance.now() - t0;
  let status: CallStatus;
  let result: unknown;
  let code: string | undefined;
  let message: string | undefined;
  let feedback: unknown;
  if (outcome.ok) {
    result = outcome.result;
    const r = result as { status?: string; error_code?: string; error?: string } | undefined;
    if (r && r.status === "error") { status = "failed"; code = r.error_code ?? "ACTION_ERROR"; message = r.error; } else status = "succeeded";
  } else {
    code = outcome.code;
    message = userMessage(outcome, t);
    feedback = outcome.feedback;
    status = code === "TIMEOUT" ? "timeout" : code === "CANCELLED" ? "cancelled" : code.startsWith("VALIDATION_") ? "rejected" : "failed";
    if (status === "failed") result = errorJson(code, message, outcome.retryable);
    if (outcome.detail) core.log("error", `handler ${c.tool} failed for ${user.id}: ${code}`, { detail: core.redact(user.id, outcome.detail), callId: outcome.callId });
  }
  const auditId = audit(c, t, status, durationMs, { reason: status === "succeeded" ? undefined : message, code, callId: outcome.callId });
  if (status === "succeeded") {
    core.seen.addFrom(user.id, c.args, "args");
    const data = (result as { data?: unknown } | undefined)?.data;
    if (data !== undefined) core.seen.addFrom(user.id, data, "result");
  }
  return {
    tool: c.tool, args: c.args, status, durationMs, auditId, callId: outcome.callId,
    ...(result !== undefined ? { result } : {}), ...(code ? { code } : {}), ...(message ? { message } : {}), ...(feedback !== undefined ? { feedback } : {}),
  };
}
