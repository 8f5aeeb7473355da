import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { AuditLedger, type AuditRow } from "./audit/ledger.js";
import { ClientPool, serveRpc } from "./clients/router.js";
import type { LlmMode } from "./clients/ai.js";
import { loadSecretSources } from "./clients/secrets.js";
import { ConfirmationStore } from "./confirmations/store.js";
import type { KernelCore, KernelLimits, KernelLog, SkeletonReaderHook } from "./core.js";
import { openKernelDb, type SyncMode } from "./db/open.js";
import { WalSyncer } from "./db/durability.js";
import { dispatchCalls, type Call, type DispatchOptions, type TurnResult } from "./dispatch/dispatch.js";
import { KernelError } from "./errors.js";
import { EventBus, type KernelEvent } from "./events/bus.js";
import { startHttpServer, type HttpServerHandle, type RouteHandler } from "./http/server.js";
import { cancelCall } from "./lifecycle/run.js";
import { loadGuards } from "./sdk-api.js";
import { SeenIds } from "./seen/registry.js";
import { resolveUsers, type KernelUser, type UserConfig } from "./users.js";
import { ExtensionHost, type BuildCheck, type SpareMode } from "./worker/extension-host.js";
import type { ReadyInfo } from "./worker/protocol.js";
import type { Classifier, OpenAIClassifierOptions } from "./classifier/index.js";
import type { SkeletonRuntimeOptions } from "./skeleton-runtime/runtime.js";
import { hasStepRefs, makeChainResolver } from "./turn/chain.js";
import { factLedgerView, installPart2, refreshView, type Part2 } from "./turn/wire.js";

/** Options of {@link createKernel} (SPEC 4). */
export interface KernelOptions {
  /** Holds `imperal.json` and `dist/extension.mjs` (a built extension). */
  extensionDir: string;
  /** Default `<extensionDir>/.imperal/state`. */
  stateDir?: string;
  /** Default: one user `dev` holding the extension's capabilities, tenant `default`. */
  users?: UserConfig[];
  /** 0 = any free port; undefined = no HTTP server. */
  port?: number;
  /** `embedded` (default) or `openai`. */
  llm?: LlmMode;
  limits?: Partial<KernelLimits>;
  /** Write `.imperal/dev.json` (port + token, mode 0600) when listening. Default true. */
  writeDiscovery?: boolean;
  /** Durability mode (default GROUP: WAL + NORMAL + a shared fsync before each reply; see docs/architecture.md). */
  sync?: SyncMode;
  /** Extra log sink (the kernel always writes `<stateDir>/kernel.log`). */
  onLog?: KernelLog;
  /** `llm: "openai"` endpoint settings for the classifier (default: IMPERAL_LLM_BASE_URL / _API_KEY / _MODEL). */
  llmOptions?: OpenAIClassifierOptions;
  /** A custom chat-turn classifier (overrides `llm` for classification; ctx.ai still follows `llm`). */
  classifier?: Classifier;
  /** Skeleton loops: `{ enabled = true, watchdogMs = 1000, refreshTimeoutMs = 30000, firstRefresh = "now" }`. */
  skeletons?: SkeletonRuntimeOptions;
  /** Pre-warmed spare worker for fast reloads: `lazy` (default: after the first reload), `eager` (after boot) or `off`. */
  spareWorker?: SpareMode;
  /** Checks every loaded build (its manifest) before it is swapped in; a returned error keeps the old build serving. */
  checkBuild?: BuildCheck;
  /** Bearer token to use (default: random per launch); lets a front publish the token before the kernel boots. */
  token?: string;
}

/** A running local kernel. */
export interface Kernel {
  /** `http://127.0.0.1:<port>` when listening. */
  readonly url: string | undefined;
  /** Bearer token of this launch (random per launch). */
  readonly token: string;
  readonly stateDir: string;
  /** Direct typed call: same guards, authz, confirmation and audit as `POST /v1/call/{tool}`. */
  call(userId: string, tool: string, args?: unknown): Promise<TurnResult>;
  /** One chat turn: same path as `POST /v1/chat/turn` (the result also carries `classification` and `context`). */
  turn(userId: string, message: string): Promise<TurnResult>;
  /** `GET /v1/skeleton`: raw snapshots, refresh times, the rendered classifier block, warnings, pending alerts. */
  skeleton(userId: string): ReturnType<Part2["skeletons"]["view"]>;
  /** `POST /v1/skeleton/{section}/refresh`: refreshes one section for the user now. */
  refreshSkeleton(userId: string, section: string): Promise<Record<string, unknown>>;
  /** `GET /v1/fact-ledger`: the user's fact ledger (last 5 turns, 3 KB each). */
  factLedger(userId: string): Record<string, unknown>;
  /** Accepts a confirmation (executes its stored calls byte-identically). */
  accept(userId: string, confirmationId: string): Promise<TurnResult>;
  /** Cancels a confirmation. */
  cancelConfirmation(userId: string, confirmationId: string): Promise<{ id: string; status: "cancelled" }>;
  /** Cancels a running call by its call id (`userId`: only if it is that user's call). */
  cancel(callId: number, reason?: string, userId?: string): boolean;
  /** Renders a panel for a user -> UI tree (or a turn object when rejected). */
  panel(userId: string, panelId: string, props?: unknown): Promise<TurnResult>;
  /** Hot-swaps in the current build from extensionDir. */
  reload(): Promise<{ ok: boolean; buildId?: string; error?: { code: string; message: string; fix: string } }>;
  /** Loaded build status (`/v1/health`). */
  health(): { ok: boolean; build: { id: string | null; loaded_at: string | null; error?: unknown }; uptime_s: number };
  /** Newest-first audit rows. */
  audit(limit?: number, userId?: string, opts?: { includeSkeleton?: boolean }): AuditRow[];
  /** The callable surface with schemas. */
  tools(): { app_id: string; tools: unknown[]; panels: unknown[] };
  /** Purges a user's kernel state (skeletons via hooks, cache, seen ids, pending confirmations); documents and files stay. */
  uninstall(userId: string): Promise<void>;
  /** Subscribes to the event stream. */
  onEvent(l: (e: KernelEvent) => void): () => void;
  /** Internal extension points for part 2 (chat turns, chains, skeletons, fact ledger). */
  readonly internal: KernelInternal;
  close(): Promise<void>;
}

/** What part 2 (classifier, chat turns, chains, skeletons, fact ledger) builds on. */
export interface KernelInternal {
  core: KernelCore;
  /** guards -> authz -> confirmation -> execute -> audit (src/dispatch/dispatch.ts). */
  dispatch(userId: string, calls: Call[], opts: DispatchOptions): Promise<TurnResult>;
  /** Adds an HTTP route (method, exact path or pattern with `{param}`); part 2 adds /v1/chat/turn, /v1/skeleton, ... */
  addRoute(method: string, pattern: string, handler: RouteHandler): void;
  /** Replaces the chat-turn implementation (default answers 501 NOT_IMPLEMENTED). */
  setTurnHandler(fn: (userId: string, message: string) => Promise<TurnResult>): void;
  /** Serves `ctx.skeleton.get(section)` for skeleton handlers. */
  setSkeletonReader(fn: SkeletonReaderHook): void;
  /** Called on `POST /v1/users/{id}/uninstall` (purge skeleton state within 2 s). */
  onUninstall(fn: (userId: string) => void | Promise<void>): void;
  /** Per-user seen-ids registry (feeds the fabricated-id guard): add user messages, fact-ledger data, snapshots. */
  seen: SeenIds;
  /** The user record, or undefined. */
  user(userId: string): KernelUser | undefined;
  /** The first configured user (`dev` by default). */
  defaultUser(): string;
  /** The loaded build's tool list. */
  info(): ReadyInfo | undefined;
  /** Part 2 (skeleton runtime, fact ledger, turn engine); set by createKernel. */
  part2?: Part2;
}

const DEFAULT_LIMITS: KernelLimits = {
  callTimeoutMs: 180_000, longRunningTimeoutMs: 1_800_000, promotionMs: 3_000, cancelGraceMs: 2_000, drainMs: 10_000,
  readyTimeoutMs: 15_000, readRetries: 2, retryBackoffMs: 100, maxBodyBytes: 1024 * 1024,
};

/** Boots the local kernel: opens the state dir, loads the build into a worker, optionally listens on 127.0.0.1. */
/** The SPEC 4 turn object for paths that skip the classifier: same shape as a chat turn, `classification: null`. */
function directTurn(t: TurnResult): TurnResult {
  const { turn_id, ...rest } = t;
  return { turn_id, classification: null, ...rest };
}

export async function createKernel(options: KernelOptions): Promise<Kernel> {
  const extensionDir = resolve(options.extensionDir);
  const stateDir = resolve(options.stateDir ?? join(extensionDir, ".imperal", "state"));
  const limits: KernelLimits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const sync = options.sync ?? "GROUP";
  const db = openKernelDb(stateDir, sync);
  const syncer = new WalSyncer(join(stateDir, "kernel.db-wal"), sync === "GROUP");
  const events = new EventBus();
  const logPath = join(stateDir, "kernel.log");
  const log: KernelLog = (level, message, detail) => {
    try { appendFileSync(logPath, JSON.stringify({ ts: new Date().toISOString(), level, message, ...(detail ?? {}) }) + "\n", { mode: 0o600 }); } catch { /* logging never breaks a call */ }
    options.onLog?.(level, message, detail);
  };
  const guards = await loadGuards();
  let turnHandler: ((userId: string, message: string) => Promise<TurnResult>) | undefined;

  // core is filled in below (the host needs the RPC router, which needs core).
  const core = {
    db, stateDir, extensionDir, events, limits, guards, log, llm: options.llm ?? "embedded",
    durable: () => syncer.flush(),
    validationBudget: new Map(),
    audit: new AuditLedger(db), confirmations: new ConfirmationStore(db), sessions: new Map(),
    secretSources: loadSecretSources(join(extensionDir, ".imperal", "secrets.json")),
    hooks: { skeletonGet: () => null, onUninstall: [] },
  } as unknown as KernelCore;
  const pool = new ClientPool(core);
  core.redact = (userId, text) => {
    const u = core.users?.get(userId);
    if (!u || !core.host.info) return text;
    try { return pool.redact(u, text); } catch { return text; }
  };
  core.host = new ExtensionHost(
    extensionDir,
    (callId, client, method, args, from) => serveRpc(core, pool, callId, client, method, args, from),
    (m) => {
      const s = core.sessions.get(m.callId);
      if (!s) {
        if (m.t === "log") log(m.level === "error" ? "error" : "warn", m.message.slice(0, 8000));
        return;
      }
      if (m.t === "log") log(m.level === "error" || m.level === "warn" || m.level === "debug" ? m.level : "info", core.redact(s.user.id, `[${s.tool}] ${m.message.slice(0, 4000)}`), { user: s.user.id, callId: m.callId });
      else core.events.emit("progress", { call_id: m.callId, tool: s.tool, percent: m.percent, ...(m.message ? { message: m.message.slice(0, 500) } : {}) }, s.user.id);
    },
    events,
    { drainMs: limits.drainMs, readyTimeoutMs: limits.readyTimeoutMs, spare: options.spareWorker ?? "lazy", ...(options.checkBuild ? { checkBuild: options.checkBuild } : {}) },
  );
  const first = await core.host.reload("start");
  if (!first.ok) { await core.host.close(); syncer.close(); db.close(); throw first.error; } // close: no spare outlives a failed start
  const info = core.host.info!;
  core.appId = info.appId;
  const configuredUsers = options.users ?? readUsersFile(extensionDir);
  try {
    core.users = resolveUsers(configuredUsers, info.capabilities);
  } catch (e) {
    await core.host.close();
    syncer.close();
    db.close();
    throw e instanceof KernelError ? e : new KernelError("USERS_INVALID", (e as Error).message, "Fix the users option / .imperal/users.json.", 500);
  }
  core.seen = new SeenIds(db, info.appId);
  // The default user `dev` holds the capabilities of the build that is serving (they may change on reload).
  if (!configuredUsers) events.on((e) => { if (e.type === "reload" && core.host.info) core.users = resolveUsers(undefined, core.host.info.capabilities); });
  const started = Date.now();

  const userOf = (userId: string) => core.users.get(userId);

  const kernel: Kernel & { httpHandle?: HttpServerHandle } = {
    url: undefined,
    token: options.token ?? randomBytes(32).toString("base64url"),
    stateDir,
    call: async (userId, tool, args = {}) => directTurn(await dispatchCalls(core, userId, [{ tool, args }], { source: "call" })),
    turn: async (userId, message) => {
      if (!turnHandler) throw new KernelError("NOT_IMPLEMENTED", "Chat turns are not available yet in this kernel build.", "Use kernel.call / POST /v1/call/{tool} until the classifier is wired.", 501);
      return turnHandler(userId, message);
    },
    accept: async (userId, id) => {
      const u = requireUser(userId);
      const rec = core.confirmations.claim(id, u.id, u.tenantId, "accepted");
      log("info", `confirmation ${id} accepted by ${u.id}`);
      // Chains: `$steps.N...` references in the stored calls resolve from the earlier stored steps' results.
      const byName = new Map((core.host.info?.tools ?? []).map((t) => [t.name, t]));
      const resolveArgs = hasStepRefs(rec.calls) ? makeChainResolver(rec.calls, (n) => byName.get(n)?.actionType) : undefined;
      const r = await dispatchCalls(core, u.id, rec.calls, { source: "confirmation", confirmed: { confirmationId: id }, ...(resolveArgs ? { resolveArgs } : {}) });
      if (r.outcome !== "promoted") kernel.internal.part2?.turns.recordTurn(u.id, r);
      return directTurn(r);
    },
    cancelConfirmation: async (userId, id) => {
      const u = requireUser(userId);
      const rec = core.confirmations.claim(id, u.id, u.tenantId, "cancelled");
      const tools = new Map((core.host.info?.tools ?? []).map((t) => [t.name, t]));
      for (const c of rec.calls) {
        core.audit.append({ tenantId: u.tenantId, userId: u.id, appId: core.appId, tool: c.tool, actionType: tools.get(c.tool)?.actionType ?? "unknown", args: c.args, status: "cancelled", reason: "the user cancelled the confirmation", durationMs: 0, source: "confirmation", confirmationId: id });
      }
      await core.durable();
      core.events.emit("confirmation_cancelled", { id }, u.id);
      return { id, status: "cancelled" as const };
    },
    cancel: (callId, reason, userId) => cancelCall(callId, reason, userId),
    panel: (userId, panelId, props = {}) =>
      dispatchCalls(core, userId, [{ tool: `__panel__${panelId}`, args: props }], { source: "panel", kind: "panel", allowKinds: ["panel"], promote: false }),
    reload: async () => {
      const r = await core.host.reload("reload");
      return r.ok ? { ok: true, buildId: r.buildId } : { ok: false, error: { code: r.error.code, message: r.error.message, fix: r.error.fix } };
    },
    // ok = a build is serving; a failed newer build shows up as build.error while the old one keeps serving.
    health: () => ({ ok: core.host.status.id !== null && !!core.host.current && !core.host.current.dead, build: { ...core.host.status }, uptime_s: Math.round((Date.now() - started) / 1000) }),
    audit: (limit = 50, userId, opts) => core.audit.list(limit, userId, opts),
    tools: () => {
      const i = core.host.info!;
      const m = i.manifest ?? readManifest(extensionDir);
      const byName = new Map(((m?.tools as Array<Record<string, unknown>> | undefined) ?? []).map((t) => [t.name as string, t]));
      return {
        app_id: i.appId,
        tools: i.tools.filter((t) => t.kind !== "panel").map((t) => byName.get(t.name) ?? { name: t.name, kind: t.kind, description: t.description, action_type: t.actionType }),
        panels: (m?.panels as unknown[] | undefined) ?? i.tools.filter((t) => t.kind === "panel").map((t) => ({ panel_id: t.panelId, tool: t.name })),
      };
    },
    uninstall: async (userId) => {
      const u = requireUser(userId);
      const deadline = new Promise<void>((r) => setTimeout(r, 1_800).unref());
      await Promise.race([Promise.all(core.hooks.onUninstall.map(async (f) => { try { await f(u.id); } catch (e) { log("error", `uninstall hook failed: ${(e as Error).message}`); } })), deadline]);
      db.prepare("DELETE FROM cache WHERE tenant_id=? AND user_id=? AND app_id=?").run(u.tenantId, u.id, core.appId);
      core.seen.purge(u.id);
      core.confirmations.cancelAllFor(u.id);
      core.events.purgeUser(u.id);
      pool.forget(u.id);
      events.emit("uninstall", { user: u.id }, u.id);
      log("info", `uninstalled for ${u.id}`);
    },
    onEvent: (l) => events.on(l),
    internal: {
      core,
      dispatch: (userId, calls, opts) => dispatchCalls(core, userId, calls, opts),
      addRoute: (method, pattern, handler) => { extraRoutes.push({ method, pattern, handler }); kernel.httpHandle?.addRoute(method, pattern, handler); },
      setTurnHandler: (fn) => { turnHandler = fn; },
      setSkeletonReader: (fn) => { core.hooks.skeletonGet = fn; },
      onUninstall: (fn) => { core.hooks.onUninstall.push(fn); },
      seen: core.seen,
      user: userOf,
      defaultUser: () => core.users.keys().next().value as string,
      info: () => core.host.info,
    },
    skeleton: (userId) => part2().skeletons.view(requireUser(userId).id),
    refreshSkeleton: (userId, section) => refreshView(part2().skeletons, requireUser(userId).id, section),
    factLedger: (userId) => factLedgerView(part2().facts, requireUser(userId).id),
    close: async () => {
      kernel.internal.part2?.close();
      await kernel.httpHandle?.close();
      await core.host.close();
      await syncer.flush();
      syncer.close();
      db.close();
    },
  };
  const extraRoutes: Array<{ method: string; pattern: string; handler: RouteHandler }> = [];
  const part2 = (): Part2 => kernel.internal.part2!;

  function requireUser(userId: string): KernelUser {
    if (typeof userId !== "string" || userId === "") throw new KernelError("ACTING_USER_REQUIRED", "X-Acting-User is required.", "Send the X-Acting-User header.", 400);
    const u = core.users.get(userId);
    if (!u) throw new KernelError("UNKNOWN_USER", `Unknown user ${JSON.stringify(userId)}.`, "Use one of the kernel's configured users (--user).", 403);
    return u;
  }

  // Part 2: skeleton loops, fact ledger, chat turns and their routes (see docs/architecture.md "Kernel part 2").
  kernel.internal.part2 = installPart2(kernel, {
    llm: options.llm, ...(options.llmOptions ? { llmOptions: options.llmOptions } : {}),
    ...(options.classifier ? { classifier: options.classifier } : {}), ...(options.skeletons ? { skeletons: options.skeletons } : {}),
  });

  if (options.port !== undefined) {
    let h: HttpServerHandle;
    try {
      h = await startHttpServer(kernel, { port: options.port, token: kernel.token, maxBodyBytes: limits.maxBodyBytes, log });
    } catch (e) {
      await kernel.close();
      const err = e as NodeJS.ErrnoException;
      throw new KernelError(err.code === "EADDRINUSE" ? "PORT_IN_USE" : "LISTEN_FAILED", `Cannot listen on 127.0.0.1:${options.port}: ${err.message}`, "Pick another port (0 = any free port).", 500);
    }
    kernel.httpHandle = h;
    (kernel as { url: string | undefined }).url = h.url;
    for (const r of extraRoutes) h.addRoute(r.method, r.pattern, r.handler);
    if (options.writeDiscovery !== false) {
      const dir = join(extensionDir, ".imperal");
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const p = join(dir, "dev.json");
      writeFileSync(p, JSON.stringify({ url: h.url, port: h.port, token: kernel.token, pid: process.pid, started_at: new Date(started).toISOString() }, null, 2) + "\n", { mode: 0o600 });
      chmodSync(p, 0o600);
    }
  }
  log("info", `kernel started for ${core.appId} (build ${core.host.status.id})`, { url: kernel.url });
  return kernel;
}

/** `.imperal/users.json`: `[{ id, tenantId?, scopes?, confirmations? }]` or `{ users: [...] }`; undefined when absent. */
function readUsersFile(dir: string): UserConfig[] | undefined {
  const p = join(dir, ".imperal", "users.json");
  if (!existsSync(p)) return undefined;
  let j: unknown;
  try { j = JSON.parse(readFileSync(p, "utf8")); } catch {
    throw new KernelError("USERS_FILE_INVALID", `${p} is not valid JSON.`, "Fix .imperal/users.json: [{ \"id\": \"alice\", \"scopes\": [\"notes:read\"] }].", 500);
  }
  const list = Array.isArray(j) ? j : (j as { users?: unknown })?.users;
  if (!Array.isArray(list)) throw new KernelError("USERS_FILE_INVALID", `${p} must be a list of users.`, "Use [{ \"id\": \"alice\" }] or { \"users\": [...] }.", 500);
  return list as UserConfig[];
}

function readManifest(dir: string): Record<string, unknown> | null {
  const p = join(dir, "imperal.json");
  if (!existsSync(p)) return null;
  try { return JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>; } catch { return null; }
}
