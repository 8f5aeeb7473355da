import { createConfigClient, type ConfigClient } from "../config/index.js";
import { ImperalError, SkeletonAccessForbidden, SystemOnly, SDK_ERROR_CODES } from "../errors/index.js";
import type {
  AIClient,
  CacheClient,
  ContextKind,
  ContextOf,
  EventsClient,
  ExtensionsClient,
  HttpClient,
  LogLevel,
  NotifyFn,
  SecretsClient,
  SkeletonReader,
  StorageClient,
  StoreClient,
  Tenant,
  User,
  UserInfo,
} from "./types.js";

/** What {@link buildContext} needs; any client left out throws `CLIENT_UNAVAILABLE` when used. */
export interface ContextParts {
  user: UserInfo | User;
  tenant?: Tenant;
  lang?: string;
  store?: StoreClient;
  cache?: CacheClient;
  http?: HttpClient;
  ai?: AIClient;
  notify?: NotifyFn;
  secrets?: SecretsClient;
  storage?: StorageClient;
  config?: ConfigClient;
  events?: EventsClient;
  extensions?: ExtensionsClient;
  /** System and webhook contexts: builds the ChatContext of one user. */
  asUser?: (userId: string) => unknown;
  skeleton?: SkeletonReader;
  log?: (message: string, level: LogLevel) => void;
  progress?: (percent: number, message?: string) => void;
  signal?: AbortSignal;
  /** Extra read-only members (the testing kit attaches its recorder as `ctx.test`). */
  extras?: Record<string, unknown>;
}

/** True when `granted` (a user's scope list) covers `scope`; supports `*` and `ns:*` wildcards. */
export function scopeGranted(granted: readonly string[], scope: string): boolean {
  for (const g of granted) {
    if (g === "*" || g === scope) return true;
    if (g.endsWith(":*") && scope.startsWith(g.slice(0, -1))) return true;
  }
  return false;
}

/** Adds `hasScope` to plain user fields. */
export function makeUser(info: UserInfo | User): User {
  const scopes = [...(info.scopes ?? [])];
  return Object.freeze({
    imperalId: info.imperalId,
    id: info.imperalId,
    email: info.email ?? "",
    tenantId: info.tenantId,
    role: info.role ?? "user",
    scopes,
    hasScope: (s: string) => scopeGranted(scopes, s),
  });
}

function unavailable<T extends object>(name: string): T {
  const fail = (): never => {
    throw new ImperalError(
      SDK_ERROR_CODES.CLIENT_UNAVAILABLE,
      `ctx.${name} is not available in this environment.`,
      `Provide a ${name} client when building the context (createTestContext({ ${name}: ... }) in tests).`,
    );
  };
  return new Proxy(fail, { get: (_t, prop) => (prop === "then" ? undefined : fail()), apply: fail }) as unknown as T;
}

/** A user's store with listUsers/queryAll present but refusing (SystemOnly), so ported code fails with a clear error. */
function userStore(store: StoreClient | undefined): StoreClient {
  const base = store ?? unavailable<StoreClient>("store");
  const refuse = (what: string) => () => {
    throw new SystemOnly(`ctx.store.${what}`);
  };
  return new Proxy(base as object, {
    get(target, prop, receiver) {
      if (prop === "listUsers" || prop === "queryAll") return refuse(prop);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as StoreClient;
}

/**
 * Creates the per-call `ctx` of the given kind. Non-skeleton kinds get a `skeleton` getter that throws
 * `SkeletonAccessForbidden`, so a handler that slips past the type system (plain JS, `as any`) still fails loudly.
 */
export function buildContext<K extends ContextKind>(kind: K, parts: ContextParts): ContextOf<K> {
  if (!["chat", "panel", "skeleton", "system", "webhook"].includes(kind)) {
    throw new TypeError(
      `buildContext: unknown context kind "${String(kind)}" (expected chat, panel, skeleton, system or webhook).`,
    );
  }
  const system = kind === "system" || kind === "webhook";
  const user = makeUser(parts.user);
  const log = parts.log ?? (() => {});
  const progress = parts.progress ?? (() => {});
  const ctx: Record<string, unknown> = {
    kind,
    user,
    tenant: parts.tenant ?? { tenantId: user.tenantId, name: user.tenantId },
    lang: parts.lang ?? "en",
    store: system ? (parts.store ?? unavailable<StoreClient>("store")) : userStore(parts.store),
    cache: parts.cache ?? unavailable<CacheClient>("cache"),
    http: parts.http ?? unavailable<HttpClient>("http"),
    ai: parts.ai ?? unavailable<AIClient>("ai"),
    notify: parts.notify ?? unavailable<NotifyFn>("notify"),
    secrets: parts.secrets ?? unavailable<SecretsClient>("secrets"),
    storage: parts.storage ?? unavailable<StorageClient>("storage"),
    config: parts.config ?? createConfigClient({}),
    events: parts.events ?? unavailable<EventsClient>("events"),
    extensions: parts.extensions ?? unavailable<ExtensionsClient>("extensions"),
    log: (message: string, level: LogLevel = "info") => log(String(message), level),
    progress: (percent: number, message?: string) => {
      if (typeof percent !== "number" || Number.isNaN(percent))
        throw new TypeError("ctx.progress(percent): percent must be a number.");
      progress(Math.max(0, Math.min(100, percent)), message);
    },
    signal: parts.signal ?? new AbortController().signal,
  };
  for (const [k, v] of Object.entries(parts.extras ?? {})) {
    if (k in ctx || k === "skeleton")
      throw new TypeError(`buildContext: extra member "${k}" would shadow a ctx member.`);
    Object.defineProperty(ctx, k, { value: v, enumerable: false });
  }
  if (system) {
    const asUser = parts.asUser;
    ctx.asUser = (userId: string) => {
      if (!asUser) return unavailable<(id: string) => unknown>("asUser")(userId);
      return asUser(userId);
    };
  } else {
    Object.defineProperty(ctx, "asUser", {
      enumerable: false,
      value: () => {
        throw new SystemOnly("ctx.asUser");
      },
    });
  }
  if (kind === "skeleton") {
    ctx.skeleton = parts.skeleton ?? unavailable<SkeletonReader>("skeleton");
  } else {
    Object.defineProperty(ctx, "skeleton", {
      enumerable: false,
      get() {
        throw new SkeletonAccessForbidden(kind);
      },
    });
  }
  return Object.freeze(ctx) as unknown as ContextOf<K>;
}
