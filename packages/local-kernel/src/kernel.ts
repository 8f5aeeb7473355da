// The composition root: opens the state dir, loads the build, builds every service once and in order, and
// starts the HTTP API. Behaviour lives in the modules it wires; the Kernel object only forwards to them.
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { panelTool } from "@imperal/sdk/patterns";
import type { Kernel, KernelOptions } from "./api.js";
import { ChatTurns } from "./chat/turn.js";
import { createClassifier } from "./classifier/index.js";
import { ClientPool, type ExtensionCaller } from "./clients/router.js";
import { SystemStore } from "./clients/system-store.js";
import { checkConfigFile, readConfigFile } from "./config/file.js";
import { loadSecretSources } from "./clients/secrets.js";
import { ConfirmationAnswers } from "./confirmations/answer.js";
import { ConfirmationStore } from "./confirmations/store.js";
import { Dispatcher } from "./dispatch/dispatch.js";
import { directTurn } from "./dispatch/result.js";
import { KernelError } from "./errors.js";
import { EventBus, type HandlerErrorInfo } from "./events.js";
import { factLedgerView, SqliteFactLedger } from "./facts/sqlite-store.js";
import { writeDiscovery } from "./http/discovery.js";
import { HealthMonitor } from "./lifecycle/health.js";
import { Lifecycle } from "./lifecycle/lifecycle.js";
import { uninstallUser, type PurgeCounts } from "./lifecycle/uninstall.js";
import { listen } from "./http/listen.js";
import type { HttpServerHandle } from "./http/server.js";
import { resolveLimits } from "./limits.js";
import { createKernelLog } from "./log.js";
import { loadGuards } from "./sdk.js";
import { PlatformRunner } from "./platform/runner.js";
import { EventPublisher } from "./pubsub/publisher.js";
import { ScheduleRuntime } from "./schedules/runtime.js";
import { realClock } from "./schedules/clock.js";
import { ScheduleState } from "./schedules/sqlite-state.js";
import { SeenIds } from "./seen/registry.js";
import { lookupIn } from "./sensitive/redact.js";
import { refreshView, SkeletonRuntime } from "./skeleton/runtime.js";
import { SqliteSnapshotStore } from "./skeleton/sqlite-store.js";
import { AuditLedger } from "./state/audit.js";
import { openKernelDb } from "./state/db.js";
import { WalSyncer } from "./state/durability.js";
import { readUsersFile, UserDirectory } from "./users/users.js";
import { CallRegistry } from "./worker/calls.js";
import { ExtensionHost, toolsView } from "./worker/extension-host.js";

/** What a kernel group shares between its extensions' kernels (federation/group.ts). */
export interface SharedServices {
  /** Serves `ctx.extensions.call` to the other loaded extensions. */
  extensions?: ExtensionCaller;
}

/**
 * Boots the kernel of one extension: opens the state dir, loads the build into a worker, optionally listens on
 * 127.0.0.1. `createKernel` (create.ts) calls it once, or once per extension for several.
 */
export async function bootKernel(options: KernelOptions, shared: SharedServices = {}): Promise<Kernel> {
  if (!options.extensionDir)
    throw new KernelError("BAD_REQUEST", "extensionDir is required.", "Pass createKernel({ extensionDir }).", 400);
  const extensionDir = resolve(options.extensionDir);
  const stateDir = resolve(options.stateDir ?? join(extensionDir, ".imperal", "state"));
  const limits = resolveLimits(options.limits);
  const llm = options.llm ?? "embedded";

  // 1. State: the database, group commit, the log.
  const sync = options.sync ?? "GROUP";
  const db = openKernelDb(stateDir, sync);
  const syncer = new WalSyncer(join(stateDir, "kernel.db-wal"), sync === "GROUP");
  const durable = () => syncer.flush();
  const events = new EventBus();
  let lastHandlerError: HandlerErrorInfo | undefined;
  const log = createKernelLog(stateDir, (level, message, detail) => {
    // dispatch logs a failed handler's (redacted) stack: it becomes the author's `handler_error` event and health field
    const e = handlerError(extensionDir, message, detail);
    if (e) {
      lastHandlerError = e;
      events.emit("handler_error", e, e.user);
    }
    options.onLog?.(level, message, detail);
  });
  const guards = await loadGuards();

  // 2. The serving build: a worker whose RPCs reach only the clients of the call they belong to.
  const calls = new CallRegistry({ log, events });
  const host = new ExtensionHost({
    extensionDir,
    events,
    onRpc: (m, from) => calls.serve(m, from),
    onSide: (m) => calls.side(m),
    drainMs: limits.drainMs,
    readyTimeoutMs: limits.readyTimeoutMs,
    spare: options.spareWorker ?? "lazy",
    log,
    memoryLimitMb: limits.memoryLimitMb,
    maxWorkers: limits.maxWorkers,
    burstAfterMs: limits.workerBurstAfterMs,
    workerIdleMs: limits.workerIdleMs,
    pingMs: limits.pingMs,
    ...(options.checkBuild ? { checkBuild: options.checkBuild } : {}),
  });
  const closeState = async (): Promise<void> => {
    await host.close(); // no spare outlives a failed start
    syncer.close();
    db.close();
  };
  const first = await host.reload("start");
  if (!first.ok) {
    await closeState();
    throw first.error;
  }
  const appId = host.info!.appId;

  // 3. Users and per-user state of this app.
  const build = () => host.info;
  let users: UserDirectory;
  try {
    const configured = options.users ?? readUsersFile(extensionDir);
    users = new UserDirectory({ configured, capabilities: host.info!.capabilities, events, build });
  } catch (e) {
    await closeState();
    throw e;
  }
  const seen = new SeenIds(db, appId);
  const secretSources = loadSecretSources(join(extensionDir, ".imperal", "secrets.json"));
  const snapshots = new SqliteSnapshotStore(db, appId);
  const pool = new ClientPool({ db, stateDir, appId, seen, secretSources, build, users, llm, events, snapshots });
  const sensitive = lookupIn(build); // SPEC 7.7: declared sensitive params of the serving build
  // Every final audit row is one finished call (any client, any source): announced for request logs (the dev terminal).
  const audit = new AuditLedger({
    db,
    appId,
    redact: (userId, text) => pool.redactFor(userId, text),
    sensitive,
    onFinal: (r) =>
      events.emit(
        "call_finished",
        {
          tool: r.tool,
          status: r.status,
          action_type: r.actionType,
          duration_ms: Math.round(r.durationMs),
          ...(r.source ? { source: r.source } : {}),
          ...(r.errorCode ? { code: r.errorCode } : {}),
          ...(r.reason ? { reason: r.reason.slice(0, 300) } : {}),
        },
        r.userId,
      ),
  });
  const confirmations = new ConfirmationStore(db, { sensitive });
  const facts = new SqliteFactLedger({ db, appId, seen, isUser: (id) => users.has(id) });
  let configFile;
  try {
    configFile =
      options.config !== undefined ? checkConfigFile(options.config, "config") : readConfigFile(extensionDir);
  } catch (e) {
    await closeState();
    throw e;
  }

  // 3b. Platform handlers (SPEC 7): schedules, lifecycle, webhooks and event subscribers run through one runner;
  // the events they and every call publish go through one publisher.
  const runDeps = {
    host,
    calls,
    limits,
    log,
    events,
    ...(configFile ? { configFile } : {}),
    ...(shared.extensions ? { extensions: shared.extensions } : {}),
  };
  const platform = new PlatformRunner({
    ...runDeps,
    appId,
    users,
    audit,
    clients: pool,
    systemStore: new SystemStore(db, appId),
    durable,
    capabilities: () => host.info?.capabilities ?? [],
  });
  let skeletonsRef: SkeletonRuntime | undefined;
  const publisher = new EventPublisher({
    appId,
    events,
    log,
    subscribers: () => host.info?.platform?.subscribes ?? [],
    deliver: ({ user, event, index, depth }) =>
      platform.run({
        user,
        target: { kind: "event", type: event.type },
        args: { event, index },
        kind: "chat",
        timeoutMs: limits.callTimeoutMs,
        source: "event",
        depth,
      }),
    sections: () =>
      (host.info?.tools ?? [])
        .filter((t) => t.kind === "skeleton_refresh")
        .map((t) => ({ section: t.section ?? t.name, ...(t.refreshOn ? { refreshOn: t.refreshOn } : {}) })),
    refreshSection: (userId, section) => skeletonsRef?.refreshNow(userId, section) ?? Promise.resolve(),
  });
  platform.setPublisher((emitted, depth) => publisher.publish(emitted, depth));
  const schedules = new ScheduleRuntime({
    clock: options.schedules?.clock ?? realClock,
    enabled: options.schedules?.enabled !== false,
    schedules: () => host.info?.platform?.schedules ?? [],
    platform,
    state: new ScheduleState(db, appId),
    events,
    log,
  });
  const publish = (c: import("./dispatch/execute.js").FinishedCall): string[] => {
    const list = [...c.emitted];
    if (c.succeeded && c.tool.event)
      list.unshift({
        user: c.user,
        type: c.tool.event,
        data: (c.result as { data?: unknown } | undefined)?.data ?? null,
      });
    return list.length ? publisher.publish(list) : [];
  };

  // 3c. Per-user lifecycle (SPEC 7.1): installs on first sight, gates disabled users, upgrades, purges.
  const lifecycle: Lifecycle = new Lifecycle({
    db,
    appId,
    platform,
    users,
    info: () => host.info,
    timeoutMs: limits.callTimeoutMs,
    log,
    purge: (id, extraTenants): Promise<PurgeCounts> => uninstallUser(uninstall, id, extraTenants),
  });
  const health = new HealthMonitor({
    platform,
    info: () => host.info,
    timeoutMs: limits.healthTimeoutMs,
    intervalMs: limits.healthIntervalMs,
    log,
  });

  // 4. The dispatch path and what builds on it.
  const dispatcher = new Dispatcher({
    // Skeleton refreshes are the kernel's own background work: they neither install a user nor count as a call.
    admit: (u, source): Promise<void> | undefined => (source === "skeleton" ? undefined : lifecycle.admit(u)),
    host,
    users,
    audit,
    confirmations,
    seen,
    guards,
    events,
    log,
    limits,
    calls,
    clients: pool,
    durable,
    ...(configFile ? { configFile } : {}),
    ...(shared.extensions ? { extensions: shared.extensions } : {}),
    publish,
  });
  const skeletons = new SkeletonRuntime({
    store: snapshots,
    host,
    users,
    seen,
    events,
    log,
    dispatcher,
    ...(options.skeletons ? { options: options.skeletons } : {}),
  });
  skeletonsRef = skeletons;
  const answers = new ConfirmationAnswers({
    confirmations,
    dispatcher,
    users,
    host,
    audit,
    facts,
    events,
    log,
    durable,
  });
  const classifierLog = options.llmOptions?.log ?? ((m: string) => log("warn", m));
  const classifier = options.classifier ?? createClassifier(llm, { ...(options.llmOptions ?? {}), log: classifierLog });
  const chat = new ChatTurns({
    classifier,
    dispatcher,
    answers,
    confirmations,
    skeletons,
    facts,
    users,
    seen,
    host,
    audit,
    events,
    log,
    appId,
    durable,
    ...(options.confidenceFloor !== undefined ? { confidenceFloor: options.confidenceFloor } : {}),
  });
  const uninstall = { users, chat, skeletons, db, stateDir, appId, seen, confirmations, events, pool, log };
  const started = Date.now();
  let http: HttpServerHandle | undefined;

  const kernel: Kernel = {
    get url() {
      return http?.url;
    },
    token: options.token ?? randomBytes(32).toString("base64url"),
    stateDir,
    call: async (userId, tool, args = {}, opts = {}) =>
      directTurn(
        await dispatcher.dispatch(userId, [{ tool, args }], { source: "call", fromPanel: opts.fromPanel === true }),
      ),
    // A turn may answer without dispatching (chat, clarify): the lifecycle gate runs here as well.
    turn: async (userId, message) => (await lifecycle.admitId(userId), chat.turn(userId, message)),
    accept: async (userId, id, opts = {}) => directTurn(await answers.accept(userId, id, opts)),
    cancelConfirmation: (userId, id) => answers.cancel(userId, id),
    cancel: (callId, reason, userId) => calls.cancel(callId, reason, userId),
    panel: (userId, panelId, props = {}) =>
      dispatcher.dispatch(userId, [{ tool: panelTool(panelId), args: props }], {
        source: "panel",
        kind: "panel",
        allowKinds: ["panel"],
        promote: false,
      }),
    reload: async () => {
      const r = await host.reload("reload");
      return r.ok
        ? { ok: true, buildId: r.buildId }
        : { ok: false, error: { code: r.error.code, message: r.error.message, fix: r.error.fix } };
    },
    // ok = a build is serving; a failed newer build shows up as build.error while the old one keeps serving.
    health: () => ({
      ok: host.status.id !== null && host.serving,
      build: { ...host.status },
      uptime_s: Math.round((Date.now() - started) / 1000),
      ...(lastHandlerError ? { last_handler_error: lastHandlerError } : {}),
      ...(health.last() ? { extension: health.last()! } : {}),
    }),
    checkHealth: async () => {
      await health.check();
      return kernel.health();
    },
    audit: (limit = 50, userId, opts) => audit.list(limit, userId, opts),
    tools: () => toolsView(host, extensionDir),
    schedules: () => schedules.list(),
    runSchedule: (name) => schedules.runNow(name),
    uninstall: (userId) => lifecycle.uninstall(users.require(userId)),
    install: (userId) => lifecycle.install(users.require(userId)),
    enable: (userId) => lifecycle.enable(users.require(userId)),
    disable: (userId) => lifecycle.disable(users.require(userId)),
    onEvent: (l) => events.on(l),
    internal: {
      dispatch: (userId, c, opts) => dispatcher.dispatch(userId, c, opts),
      host,
      skeletons,
      user: (id) => users.get(id),
      defaultUser: () => users.defaultUser(),
      info: () => host.info,
      platform,
      publisher,
      hasOpenDialogue: (userId) => chat.hasOpenDialogue(userId),
      lifecycle,
      webhooks: { platform, info: () => host.info },
    },
    skeleton: (userId) => skeletons.view(users.require(userId).id),
    refreshSkeleton: (userId, section) => refreshView(skeletons, users.require(userId).id, section),
    factLedger: (userId) => factLedgerView(facts, users.require(userId).id),
    close: async () => {
      health.stop();
      publisher.close();
      skeletons.stop();
      schedules.stop();
      await http?.close();
      await host.close();
      await schedules.idle(); // runs cut short by the closing worker still write their audit row
      await syncer.flush();
      syncer.close();
      db.close();
    },
  };
  skeletons.start();
  schedules.start();
  await lifecycle.start(events); // upgrades users behind the serving version before the kernel serves
  health.start();

  // 5. The HTTP API (SPEC 4 routes) and the discovery file.
  if (options.port !== undefined) {
    http = await listen({ kernel, port: options.port, limits, log });
    if (options.writeDiscovery !== false)
      writeDiscovery(extensionDir, { url: http.url, port: http.port, token: kernel.token, started });
  }
  log("info", `kernel started for ${appId} (build ${host.status.id})`, { url: kernel.url });
  return kernel;
}

const HANDLER_FAILED_RE = /^handler (\S+) failed for (\S+): (\S+)$/;

/** The author-facing record of a failed handler, from the log line dispatch writes for it (with the stack as detail). */
function handlerError(
  extensionDir: string,
  message: string,
  detail: Record<string, unknown> | undefined,
): HandlerErrorInfo | undefined {
  const m = HANDLER_FAILED_RE.exec(message);
  if (!m || typeof detail?.detail !== "string") return undefined;
  const root = extensionDir.endsWith("/") ? extensionDir : extensionDir + "/";
  const stack = detail.detail.split(`file://${root}`).join("").split(root).join("");
  const lines = stack.split("\n");
  const frameLine = lines.find((l) => /^\s+at /.test(l));
  const loc = frameLine ? (/\(([^()]+:\d+:\d+)\)\s*$/.exec(frameLine) ?? /at (\S+:\d+:\d+)\s*$/.exec(frameLine)) : null;
  return {
    tool: m[1]!,
    user: m[2]!,
    code: m[3]!,
    message: (lines[0] ?? "").slice(0, 500),
    stack: stack.slice(0, 8000),
    frame: loc ? loc[1]! : null,
    at: new Date().toISOString(),
    ...(typeof detail.callId === "number" ? { call_id: detail.callId } : {}),
  };
}
