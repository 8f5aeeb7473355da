import { createConfigClient, resolveConfig, type ConfigFile } from "../config/index.js";
import { buildContext } from "../context/build.js";
import type {
  CompletionResult,
  ContextKind,
  ContextOf,
  LogLevel,
  NotifyOptions,
  Tenant,
  UserInfo,
} from "../context/types.js";
import { executeTool, type ExecuteOptions, type ToolOutcome } from "../dispatch/execute.js";
import { emittableType } from "../dispatch/platform.js";
import { ImperalError, SDK_ERROR_CODES } from "../errors/index.js";
import { getRegistry, isExtension } from "../registry/surface.js";
import type { SecretDeclaration } from "../registry/types.js";
import { MemoryCacheBackend } from "./cache.js";
import { createClock, type TestClock } from "./clock.js";
import { createTestHttp, type TestHttpHandler, type TestHttpRequest } from "./http.js";
import { MemorySecretsBackend } from "./secrets.js";
import { MemoryStorageBackend } from "./storage.js";
import { MemoryStoreBackend } from "./store.js";

/** In-memory backends; share one between contexts to model several users of the same deployment. */
export interface TestBackends {
  clock: TestClock;
  store: MemoryStoreBackend;
  cache: MemoryCacheBackend;
  secrets: MemorySecretsBackend;
  storage: MemoryStorageBackend;
}

/** Creates a fresh set of in-memory backends sharing one clock. */
export function createTestBackends(clock: TestClock = createClock()): TestBackends {
  return {
    clock,
    store: new MemoryStoreBackend(clock),
    cache: new MemoryCacheBackend(clock),
    secrets: new MemorySecretsBackend(),
    storage: new MemoryStorageBackend(clock),
  };
}

/** Options of {@link createTestContext}. */
export interface TestContextOptions<K extends ContextKind = "chat"> {
  kind?: K;
  /** Acting user; defaults to `test-user` in tenant `test-tenant` holding the extension's capabilities. */
  user?: Partial<UserInfo>;
  tenant?: Tenant;
  lang?: string;
  /** The extension under test: gives the app id and the declared secrets. */
  ext?: unknown;
  appId?: string;
  /** A shared store backend, or documents to seed: `{ notes: [{ title: "a" }] }`. */
  store?: MemoryStoreBackend | Record<string, Record<string, unknown>[]>;
  /** Start time (ms or Date) or a clock shared with other contexts. */
  now?: number | Date | TestClock;
  /** Backends to share (store/cache/secrets/storage). `store` and `now` win over these. */
  backends?: Partial<TestBackends>;
  /** Secret values as if the user had entered them. */
  secrets?: Record<string, string>;
  /** Declarations used when no `ext` is given. */
  declaredSecrets?: SecretDeclaration[];
  /** Snapshot per section, returned by `ctx.skeleton.get` (skeleton contexts only). */
  skeleton?: Record<string, unknown>;
  http?: TestHttpHandler;
  /** System contexts: documents to seed per user, `{ "<userId>": { "<collection>": [docs] } }` (tenant of the ctx). */
  users?: Record<string, Record<string, Record<string, unknown>[]>>;
  /** Answers ctx.extensions.call (calls to other extensions); without it such calls fail with CLIENT_UNAVAILABLE. */
  extensions?: (appId: string, name: string, params: Record<string, unknown>) => unknown;
  /** The `.imperal/config.json` object (`{ app, users }`), layered over the extension's configDefaults (SPEC 7.2). */
  config?: ConfigFile;
  ai?: (
    prompt: string,
    opts: { system?: string; model?: string; maxTokens?: number },
  ) => string | CompletionResult | Promise<string | CompletionResult>;
}

/** What the test context recorded; reachable as `ctx.test`. */
export interface TestRecorder {
  clock: TestClock;
  backends: TestBackends;
  appId: string;
  logs: { message: string; level: LogLevel }[];
  notifications: { message: string; opts: NotifyOptions }[];
  progress: { percent: number; message?: string }[];
  /** Events published with ctx.events.emit (type normalised to `{app_id}.`). */
  events: { type: string; data: unknown }[];
  httpRequests: TestHttpRequest[];
  /** Aborts `ctx.signal` (simulates cancel / timeout). */
  abort(reason?: string): void;
}

export type TestContext<K extends ContextKind = "chat"> = ContextOf<K> & { readonly test: TestRecorder };

function isClock(v: unknown): v is TestClock {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as TestClock).now === "function" &&
    typeof (v as TestClock).advance === "function"
  );
}

/**
 * An in-memory ctx obeying the kernel's contracts (ETag conflicts, cache TTL/size limits, declared-only secrets,
 * the skeleton guard). Inspect what the handler did through `ctx.test`.
 */
export function createTestContext<K extends ContextKind = "chat">(opts: TestContextOptions<K> = {}): TestContext<K> {
  const kind = (opts.kind ?? "chat") as K;
  const clock = isClock(opts.now)
    ? opts.now
    : opts.now !== undefined
      ? createClock(opts.now)
      : (opts.backends?.clock ?? createClock());
  const base = createTestBackends(clock);
  const backends: TestBackends = {
    clock,
    store: opts.store instanceof MemoryStoreBackend ? opts.store : (opts.backends?.store ?? base.store),
    cache: opts.backends?.cache ?? base.cache,
    secrets: opts.backends?.secrets ?? base.secrets,
    storage: opts.backends?.storage ?? base.storage,
  };
  const reg = opts.ext !== undefined ? (isExtension(opts.ext) ? getRegistry(opts.ext) : undefined) : undefined;
  if (opts.ext !== undefined && !reg) throw new TypeError("createTestContext: ext must be an Extension.");
  const appId = opts.appId ?? reg?.appId ?? "test-app";
  const system = kind === "system" || kind === "webhook";
  const user: UserInfo = {
    imperalId:
      opts.user?.imperalId ?? (kind === "system" ? "__system__" : kind === "webhook" ? "__webhook__" : "test-user"),
    email: opts.user?.email ?? "test-user@example.com",
    tenantId: opts.user?.tenantId ?? opts.tenant?.tenantId ?? (system ? "default" : "test-tenant"),
    role: opts.user?.role ?? "user",
    scopes: opts.user?.scopes ?? reg?.options.capabilities ?? [],
  };
  const scope = { tenantId: user.tenantId, userId: user.imperalId, appId };
  const declared = reg?.secrets ?? opts.declaredSecrets ?? [];
  for (const [name, value] of Object.entries(opts.secrets ?? {})) {
    if (!declared.some((d) => d.name === name)) {
      throw new ImperalError(
        SDK_ERROR_CODES.SECRET_NOT_DECLARED,
        `createTestContext: secret "${name}" is not declared.`,
        `Declare it with ext.secret("${name}", ...) or pass declaredSecrets.`,
      );
    }
    backends.secrets.seed(scope, name, value);
  }
  if (opts.store !== undefined && !(opts.store instanceof MemoryStoreBackend)) {
    for (const [collection, docs] of Object.entries(opts.store)) backends.store.seed(scope, collection, docs);
  }
  for (const [userId, collections] of Object.entries(opts.users ?? {}))
    for (const [collection, docs] of Object.entries(collections))
      backends.store.seed({ tenantId: user.tenantId, userId, appId }, collection, docs);
  const controller = new AbortController();
  const recorder: TestRecorder = {
    clock,
    backends,
    appId,
    logs: [],
    notifications: [],
    progress: [],
    events: [],
    httpRequests: [],
    abort: (reason = "cancelled by test") => controller.abort(reason),
  };
  const skeletonData = opts.skeleton ?? {};
  const ai = opts.ai;
  return buildContext(kind, {
    user,
    tenant: opts.tenant ?? { tenantId: user.tenantId, name: user.tenantId },
    lang: opts.lang ?? "en",
    store: system ? systemStore(backends, scope) : backends.store.client(scope),
    ...(system
      ? {
          asUser: (userId: string) =>
            createTestContext({
              ...opts,
              kind: "chat",
              user: { imperalId: userId, tenantId: user.tenantId },
              backends,
              store: undefined,
              users: undefined,
              secrets: undefined,
            }),
        }
      : {}),
    events: {
      async emit(type: string, data?: unknown) {
        const full = opts.ext !== undefined ? emittableType(opts.ext, type) : String(type);
        recorder.events.push({ type: full, data: data === undefined ? null : JSON.parse(JSON.stringify(data)) });
      },
    },
    extensions: {
      async call(target: string, name: string, params: Record<string, unknown> = {}) {
        if (!opts.extensions)
          throw new ImperalError(
            SDK_ERROR_CODES.CLIENT_UNAVAILABLE,
            `ctx.extensions.call("${target}", "${name}") was called but the test context has no extensions handler.`,
            "Pass createTestContext({ extensions: (appId, name, params) => ActionResult.success(...).toJSON() }).",
          );
        const r = await opts.extensions(target, name, params);
        return JSON.parse(JSON.stringify(r)) as never;
      },
    },
    cache: backends.cache.client(scope),
    secrets: backends.secrets.client(scope, declared),
    storage: backends.storage.client(scope),
    config: createConfigClient(resolveConfig(reg?.config, opts.config, user.imperalId)),
    http: createTestHttp(opts.http, recorder.httpRequests),
    ai: {
      async complete(prompt, o = {}) {
        if (!ai) {
          throw new ImperalError(
            SDK_ERROR_CODES.AI_NOT_MOCKED,
            "ctx.ai.complete was called but the test context has no ai handler.",
            'Pass createTestContext({ ai: (prompt) => "answer" }).',
          );
        }
        const r = await ai(prompt, o);
        return typeof r === "string"
          ? { text: r, model: o.model ?? "test-model", usage: { inputTokens: prompt.length, outputTokens: r.length } }
          : r;
      },
    },
    notify: async (message, o = {}) => {
      recorder.notifications.push({ message: String(message), opts: { ...o } });
    },
    skeleton: {
      get: async (section: string) =>
        section in skeletonData ? JSON.parse(JSON.stringify(skeletonData[section])) : null,
    },
    log: (message, level) => recorder.logs.push({ message, level }),
    progress: (percent, message) => recorder.progress.push(message === undefined ? { percent } : { percent, message }),
    signal: controller.signal,
    extras: { test: recorder },
  }) as TestContext<K>;
}

/** The store of a system context: its own partition plus listUsers/queryAll over every user of the extension. */
function systemStore(backends: TestBackends, scope: { tenantId: string; userId: string; appId: string }) {
  const own = backends.store.client(scope);
  return Object.assign(Object.create(null) as object, own, {
    create: own.create.bind(own),
    get: own.get.bind(own),
    query: own.query.bind(own),
    update: own.update.bind(own),
    delete: own.delete.bind(own),
    count: own.count.bind(own),
    async *listUsers(collection: string) {
      for (const u of backends.store.usersWith(scope.appId, collection)) yield u.userId;
    },
    async queryAll(collection: string, o: { where?: Record<string, unknown>; limit?: number } = {}) {
      return backends.store.queryAll(scope.appId, collection, o);
    },
  });
}

/** Options of {@link invoke}. */
export interface InvokeOptions extends ExecuteOptions {
  /** The ctx to use; by default a fresh test context of the tool's kind. */
  ctx?: unknown;
  /** Options for the default context. */
  context?: Omit<TestContextOptions, "kind" | "ext">;
  /** Throw DATA_MODEL_MISMATCH when a result's data does not match the dataModel (default: a warning on the outcome). */
  strictDataModel?: boolean;
}

/** Calls a tool exactly as the kernel does (guards, schema validation with retry budget, result normalisation). */
export async function invoke(
  ext: unknown,
  tool: string,
  rawArgs: unknown = {},
  opts: InvokeOptions = {},
): Promise<ToolOutcome> {
  let ctx = opts.ctx;
  if (ctx === undefined) {
    const entry = getRegistry(ext).entries.find((e) => e.name === tool);
    const kind: ContextKind =
      entry?.kind === "skeleton_refresh" ? "skeleton" : entry?.kind === "panel" ? "panel" : "chat";
    ctx = createTestContext({ ...(opts.context ?? {}), kind, ext });
  }
  const { ctx: _c, context: _o, strictDataModel, ...exec } = opts;
  const out = await executeTool(ext, tool, rawArgs, ctx, exec);
  if (strictDataModel && out.ok && out.warnings?.length) {
    const w = out.warnings[0]!;
    throw new ImperalError(
      SDK_ERROR_CODES.DATA_MODEL_MISMATCH,
      w.message,
      "Return data that matches the dataModel, or fix the dataModel.",
    );
  }
  // I-MAGIC-UX: the stack in `detail` is for logs only. Keep it readable (`out.detail`) but non-enumerable, so
  // JSON.stringify / toEqual / snapshot of an outcome never carry a stack trace into user-visible text.
  if (!out.ok && "detail" in out && out.detail !== undefined) {
    Object.defineProperty(out, "detail", { value: out.detail, enumerable: false, writable: true, configurable: true });
  }
  return out;
}
