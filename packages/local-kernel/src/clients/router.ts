import { clientError } from "../errors.js";
import type { Db } from "../state/db.js";
import type { SeenIds } from "../seen/registry.js";
import type { EventBus } from "../events.js";
import type { KernelUser, UserDirectory } from "../users/users.js";
import type { ReadyInfo } from "../worker/protocol.js";
import { embeddedComplete, openaiComplete, type AiOptions, type LlmMode } from "./ai.js";
import { SqliteCache, checkTtl } from "./cache.js";
import { httpRequest, type HttpOptions } from "./http.js";
import { SqliteSecrets, type SecretDecl, type SecretSources } from "./secrets.js";
import { FileStorage } from "./storage.js";
import { SqliteStore } from "./store.js";
import type { ClientScope } from "./scope.js";

/** The kernel-side clients of one user (what the worker's ctx proxies reach). */
export interface UserClients {
  store: SqliteStore;
  cache: SqliteCache;
  secrets: SqliteSecrets;
  storage: FileStorage;
}

/** Everything one running call's ctx reaches on the kernel side, bound to the call's user. */
export interface CallClients extends UserClients {
  llm: LlmMode;
  /** `ctx.notify`: publishes a notification for the call's user, from `tool`. */
  notify(message: string, opts: { priority?: string; channel?: string }, tool: string): void;
  /** `ctx.skeleton.get(section)`: the user's stored snapshot of a section. */
  skeleton(section: string): unknown;
  /** Replaces the user's secret values in text bound for the kernel log. */
  redact(text: string): string;
}

/** An event a handler published with `ctx.events.emit`, held until the call's audit row is written (SPEC 7.4). */
export interface EmittedEvent {
  user: KernelUser;
  type: string;
  data: unknown;
}

/** What a system or webhook ctx reaches beyond its own partition (SPEC 7.3): other users, cross-user reads. */
export interface SystemReach {
  /** The clients of one user (`ctx.asUser(id)`); throws NOT_FOUND for an unknown user. */
  asUser(userId: string): { user: KernelUser; clients: CallClients };
  listUsers(collection: unknown): string[];
  queryAll(collection: unknown, opts: unknown): unknown;
}

/** One `ctx.extensions.call` (SPEC 7.6): for the call's user, from the apps on the call stack (caller last). */
export interface ExtensionCall {
  user: KernelUser;
  appId: unknown;
  name: unknown;
  params: unknown;
  stack: readonly string[];
}
/** Serves `ctx.extensions.call`: resolves to the callee's ActionResult JSON. */
export type ExtensionCaller = (c: ExtensionCall) => Promise<unknown>;

/** The slice of a running call that serving its RPCs needs. */
export interface RpcSession {
  tool: string;
  kind: "chat" | "panel" | "skeleton" | "system" | "webhook";
  abort: AbortController;
  clients: CallClients;
  /** Whose clients these are (the call's user, or the user of an `asUser` ctx). */
  user: KernelUser;
  /** Where `ctx.events.emit` lands; absent = events cannot be published from this call. */
  emitted?: EmittedEvent[];
  /** System and webhook calls only. */
  reach?: SystemReach;
  extensions?: ExtensionCaller;
  /** Apps on the extension call stack of this call (empty for a call from a user). */
  stack?: readonly string[];
}

/** Options of {@link ClientPool}. */
export interface ClientPoolOptions {
  db: Db;
  stateDir: string;
  appId: string;
  seen: SeenIds;
  secretSources: SecretSources;
  /** The serving build (its declared secrets decide what `ctx.secrets` accepts). */
  build: () => ReadyInfo | undefined;
  users: Pick<UserDirectory, "get">;
  /** What `ctx.ai` calls. */
  llm: LlmMode;
  /** Where `ctx.notify` publishes. */
  events: EventBus;
  /** Where `ctx.skeleton.get` reads. */
  snapshots: { get(user: string, section: string): { data: unknown } | undefined };
}

/** Builds (and caches) the SQLite/file clients for a user of the loaded extension. */
export class ClientPool {
  private readonly pool = new Map<string, UserClients>();
  private declaredKey = "";
  constructor(private readonly opts: ClientPoolOptions) {}

  private declared(): Map<string, SecretDecl> {
    return new Map((this.opts.build()?.secrets ?? []).map((s) => [s.name, s]));
  }

  /** Clients bound to (tenant, user, app) of `user`. */
  for(user: KernelUser): UserClients {
    const key = JSON.stringify((this.opts.build()?.secrets ?? []).map((s) => [s.name, s.writeMode, s.maxBytes]));
    if (key !== this.declaredKey) {
      this.pool.clear();
      this.declaredKey = key;
    }
    let c = this.pool.get(user.id);
    if (!c) {
      const { db, seen, appId } = this.opts;
      const scope: ClientScope = { tenantId: user.tenantId, userId: user.id, appId };
      c = {
        store: new SqliteStore({ db, scope, onIds: (ids) => seen.add(user.id, ids, "store") }),
        cache: new SqliteCache(db, scope),
        secrets: new SqliteSecrets({ db, scope, declared: this.declared(), sources: this.opts.secretSources }),
        storage: new FileStorage(this.opts.stateDir, scope),
      };
      this.pool.set(user.id, c);
    }
    return c;
  }

  /** Everything one call's ctx reaches, bound to its user. */
  forCall(user: KernelUser): CallClients {
    const { events, snapshots } = this.opts;
    // The user's clients are looked up on first use only: most calls of a read-only handler never touch them.
    const pool = (): UserClients => this.for(user);
    return {
      get store() {
        return pool().store;
      },
      get cache() {
        return pool().cache;
      },
      get secrets() {
        return pool().secrets;
      },
      get storage() {
        return pool().storage;
      },
      llm: this.opts.llm,
      notify: (message, o, tool) => {
        const priority = o.priority ?? "normal";
        const payload = { message: message.slice(0, 4000), priority, channel: o.channel ?? "chat", tool };
        events.emit("notification", payload, user.id);
      },
      skeleton: (section) => snapshots.get(user.id, section)?.data ?? null,
      redact: (text) => this.redact(user, text),
    };
  }

  /** Replaces the secret values of a user (by id; unknown users have none) in `text` with `[redacted]`. */
  redactFor(userId: string, text: string): string {
    const u = this.opts.users.get(userId);
    return u && this.opts.build() ? this.redact(u, text) : text;
  }

  /** Replaces any of the user's secret values in `text` with `[redacted]`. */
  redact(user: KernelUser, text: string): string {
    let out = text;
    for (const v of this.for(user).secrets.valuesForRedaction()) out = out.split(v).join("[redacted]");
    return out;
  }

  /** Drops cached clients of a user. */
  forget(userId: string): void {
    this.pool.delete(userId);
  }
}

type Method = (s: RpcSession, args: unknown[]) => unknown;
/** Bounds what one call can fan out into (a schedule over many users publishes one event per user at most). */
const MAX_EMITS_PER_CALL = 10_000;
type AnyMethods = Record<string, (...args: unknown[]) => unknown>;
// Args arrive untyped over the port; the clients validate them, so forwarding them as `unknown[]` is safe.
const forward =
  (pick: (c: CallClients) => object, method: string): Method =>
  (s, args) =>
    (pick(s.clients) as AnyMethods)[method]!(...args);

const systemOnly = (what: string): Error =>
  clientError(
    "SystemOnly",
    "SYSTEM_ONLY",
    `${what} is only available in schedule and webhook handlers (a SystemContext).`,
    "Move this code into ext.schedule or ext.webhook, or read the acting user's data with ctx.store.query.",
  );
const reach = (s: RpcSession, what: string): SystemReach => {
  if (!s.reach || (s.kind !== "system" && s.kind !== "webhook")) throw systemOnly(what);
  return s.reach;
};

/** One client -> its methods: the complete ctx surface a worker may reach. */
const METHODS: Record<string, Record<string, Method>> = {
  store: {
    ...Object.fromEntries(
      ["create", "get", "query", "update", "delete", "count"].map((m) => [m, forward((c) => c.store, m)]),
    ),
    listUsers: (s, a) => reach(s, "ctx.store.listUsers").listUsers(a[0]),
    queryAll: (s, a) => reach(s, "ctx.store.queryAll").queryAll(a[0], a[1]),
  },
  events: {
    emit: (s, a) => {
      if (!s.emitted)
        throw clientError(
          "ImperalError",
          "EVENTS_UNAVAILABLE",
          "ctx.events.emit is not available in this handler.",
          "Publish events from chat functions, tools, schedules, webhooks or event handlers.",
        );
      if (typeof a[0] !== "string" || a[0].length > 200)
        throw clientError(
          "ValidationError",
          "EVENT_INVALID",
          "An event type must be a string.",
          'Use e.g. "notes.synced".',
        );
      let data: unknown;
      try {
        data = JSON.parse(JSON.stringify(a[1] ?? null)) as unknown;
      } catch {
        throw clientError("ValidationError", "EVENT_INVALID", "Event data must be JSON.", "Publish plain data.");
      }
      if (s.emitted.length >= MAX_EMITS_PER_CALL)
        throw clientError(
          "ImperalError",
          "EVENT_LIMIT",
          `A call may publish at most ${MAX_EMITS_PER_CALL} events.`,
          "Publish one summarising event instead of one per item.",
        );
      s.emitted.push({ user: s.user, type: a[0], data });
      return null;
    },
  },
  extensions: {
    call: (s, a) => {
      if (!s.extensions)
        throw clientError(
          "NotFound",
          "NOT_FOUND",
          `No extension "${String(a[0])}" is loaded in this kernel.`,
          "Load it beside this one (createKernel({ extensionDirs }) or imperal dev --with <dir>).",
        );
      return s.extensions({ user: s.user, appId: a[0], name: a[1], params: a[2], stack: s.stack ?? [] });
    },
  },
  cache: {
    ...Object.fromEntries(["get", "set", "delete"].map((m) => [m, forward((c) => c.cache, m)])),
    checkTtl: (_s, a) => {
      checkTtl(a[0]);
      return null;
    },
  },
  secrets: Object.fromEntries(["get", "set", "delete", "isSet", "list"].map((m) => [m, forward((c) => c.secrets, m)])),
  storage: Object.fromEntries(["upload", "download", "delete", "list"].map((m) => [m, forward((c) => c.storage, m)])),
  http: {
    request: (s, a) => httpRequest(String(a[0]), a[1] as string, (a[2] ?? {}) as HttpOptions, s.abort.signal),
  },
  ai: {
    complete: (s, a) =>
      s.clients.llm === "openai"
        ? openaiComplete(a[0] as string, (a[1] ?? {}) as AiOptions, process.env, s.abort.signal)
        : embeddedComplete(a[0] as string, (a[1] ?? {}) as AiOptions),
  },
  notify: {
    send: (s, a) => {
      if (typeof a[0] !== "string" || a[0].length === 0) {
        throw clientError(
          "ValidationError",
          "NOTIFY_INVALID",
          "ctx.notify needs a non-empty message string.",
          "Pass the message text as the first argument.",
        );
      }
      s.clients.notify(a[0], (a[1] ?? {}) as { priority?: string; channel?: string }, s.tool);
      return null;
    },
  },
  skeleton: {
    get: (s, a) => {
      if (s.kind !== "skeleton") {
        throw clientError(
          "SkeletonAccessForbidden",
          "SKELETON_ACCESS_FORBIDDEN",
          "ctx.skeleton is only available inside ext.skeleton handlers.",
          "Read data through ctx.store or ctx.http.",
        );
      }
      return s.clients.skeleton(String(a[0])) ?? null;
    },
  },
};

/** Serves a ctx-client RPC for a running call. */
export async function serveRpc(s: RpcSession, client: string, method: string, args: unknown[]): Promise<unknown> {
  const fn =
    Object.hasOwn(METHODS, client) && Object.hasOwn(METHODS[client]!, method) ? METHODS[client]![method] : undefined;
  if (!fn || !Array.isArray(args)) {
    throw clientError(
      "ImperalError",
      "UNKNOWN_CLIENT_METHOD",
      `ctx.${client}.${method} does not exist.`,
      "Use the ctx members listed in the SDK docs.",
    );
  }
  if (s.abort.signal.aborted && client !== "notify") {
    throw clientError(
      "TaskCancelled",
      "TASK_CANCELLED",
      "The call was cancelled.",
      "Stop work when ctx.signal is aborted.",
    );
  }
  return fn(s, args);
}
