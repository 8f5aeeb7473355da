import type { ConfigClient } from "../config/index.js";
import type { SchemaLike, Infer } from "../schema/index.js";

/** The acting user; kernel-authoritative. */
export interface User {
  imperalId: string;
  /** Read-only alias of `imperalId` (ported code reads `ctx.user.id`, SPEC 7.9). */
  readonly id: string;
  email: string;
  tenantId: string;
  role: string;
  scopes: string[];
  /** True when `scopes` grants `scope` (`*` grants everything, `ns:*` everything under `ns:`). */
  hasScope(scope: string): boolean;
}
/** Plain user fields (what the kernel sends); {@link buildContext} adds `hasScope`. */
export type UserInfo = Omit<User, "hasScope" | "id">;

export interface Tenant {
  tenantId: string;
  name: string;
}

/** A stored document. `etag` changes on every write and feeds `update(..., { ifMatch })`. */
export interface Document<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  collection: string;
  data: T;
  createdAt: string;
  updatedAt: string;
  etag: string;
}
/** One page of a query. `cursor` is null when there is no next page. */
export interface Page<T> {
  data: T[];
  cursor: string | null;
  hasMore: boolean;
  total: number;
}
export interface QueryOptions {
  /** Field equality on top-level data fields (what production supports). */
  where?: Record<string, unknown>;
  /** `"field"` ascending or `"-field"` descending. */
  orderBy?: string;
  /** 1..1000, default 100. */
  limit?: number;
  cursor?: string | null;
}
/** Per (tenant, user, extension) document store. */
export interface StoreClient {
  create(collection: string, data: Record<string, unknown>): Promise<Document>;
  get(collection: string, id: string): Promise<Document | null>;
  query(collection: string, opts?: QueryOptions): Promise<Page<Document>>;
  update(
    collection: string,
    id: string,
    patch: Record<string, unknown>,
    opts?: { ifMatch?: string },
  ): Promise<Document>;
  delete(collection: string, id: string): Promise<boolean>;
  count(collection: string, opts?: { where?: Record<string, unknown> }): Promise<number>;
}

export interface CacheSetOptions {
  /** 5..300 seconds, default 60. */
  ttlSeconds?: number;
}
/** Short-lived per-user cache. Values must be JSON; the serialized value is capped at 64 KiB. */
export interface CacheClient {
  get<S extends SchemaLike | undefined = undefined>(
    key: string,
    schema?: S,
  ): Promise<(S extends SchemaLike ? Infer<S> : unknown) | null>;
  set(key: string, value: unknown, opts?: CacheSetOptions): Promise<void>;
  delete(key: string): Promise<boolean>;
  getOrFetch<T>(
    key: string,
    fetcher: () => T | Promise<T>,
    opts?: CacheSetOptions & { schema?: SchemaLike<T> },
  ): Promise<T>;
}

export interface HttpRequestOptions {
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** Default 30 000, max 180 000. */
  timeoutMs?: number;
}
export interface HttpResponse {
  status: number;
  ok: boolean;
  headers: Record<string, string>;
  body: string;
  json<T = unknown>(): T;
  text(): string;
}
export interface HttpClient {
  get(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
  post(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
  put(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
  patch(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
  delete(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
}

export interface CompletionResult {
  text: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
}
export interface AIClient {
  complete(prompt: string, opts?: { system?: string; model?: string; maxTokens?: number }): Promise<CompletionResult>;
}

export interface NotifyOptions {
  priority?: "low" | "normal" | "high" | "urgent";
  channel?: string;
}
/** `ctx.notify(message, opts)` delivers a message to the user's chat stream. */
export type NotifyFn = (message: string, opts?: NotifyOptions) => Promise<void>;

export interface SecretStatus {
  name: string;
  description: string;
  isSet: boolean;
}
/** Only names declared with `ext.secret` are accepted (`SecretNotDeclared` otherwise). */
export interface SecretsClient {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  isSet(name: string): Promise<boolean>;
  list(): Promise<SecretStatus[]>;
}

export interface FileInfo {
  path: string;
  size: number;
  contentType: string;
  createdAt: string;
}
/** Per-user file storage; paths are relative and can never escape the user's area. */
export interface StorageClient {
  upload(path: string, bytes: Uint8Array | string, contentType?: string): Promise<FileInfo>;
  download(path: string): Promise<Uint8Array>;
  delete(path: string): Promise<boolean>;
  list(prefix?: string): Promise<FileInfo[]>;
}

/** Read-only view of the kernel's skeleton snapshots (skeleton refresh handlers only). */
export interface SkeletonReader {
  get(section: string): Promise<unknown>;
}

export type LogLevel = "debug" | "info" | "warn" | "error";
export type ContextKind = "chat" | "panel" | "skeleton" | "system" | "webhook";

/** Publishes events the extension declared with `ext.emits` (SPEC 7.4). */
export interface EventsClient {
  /** Publishes `{type, data}` after the call; an undeclared type throws EventNotDeclared. */
  emit(type: string, data?: unknown): Promise<void>;
}
/** Calls methods other extensions expose with `ext.expose` (SPEC 7.6). */
export interface ExtensionsClient {
  /** Runs `name` of extension `appId` for the same user; resolves to the callee's ActionResult JSON. */
  call(
    appId: string,
    name: string,
    params?: Record<string, unknown>,
  ): Promise<import("../result/action-result.js").ActionResultJSON>;
}
/** The store of a system or webhook context: its own partition, plus reads across users (SPEC 7.3). */
export interface SystemStoreClient extends StoreClient {
  /** The ids of the users (any tenant) that have at least one document in `collection`. */
  listUsers(collection: string): AsyncIterable<string>;
  /** Documents of every user, each with its `userId`. */
  queryAll(
    collection: string,
    opts?: { where?: Record<string, unknown>; limit?: number },
  ): Promise<Array<Document & { userId: string }>>;
}

/** Members every context kind has. */
export interface BaseContext {
  readonly kind: ContextKind;
  readonly user: User;
  readonly tenant: Tenant;
  readonly lang: string;
  readonly store: StoreClient;
  readonly cache: CacheClient;
  readonly http: HttpClient;
  readonly ai: AIClient;
  readonly notify: NotifyFn;
  readonly secrets: SecretsClient;
  readonly storage: StorageClient;
  /** Read-only configuration (SPEC 7.2): `configDefaults`, then `.imperal/config.json` app and user layers. */
  readonly config: ConfigClient;
  readonly events: EventsClient;
  readonly extensions: ExtensionsClient;
  /** The only sanctioned output channel for handlers (V22). */
  log(message: string, level?: LogLevel): void;
  progress(percent: number, message?: string): void;
  readonly signal: AbortSignal;
}
/** ctx of chat functions and tools. Has no `skeleton` member. */
export interface ChatContext extends BaseContext {
  readonly kind: "chat";
}
/** ctx of panel handlers. Has no `skeleton` member. */
export interface PanelContext extends BaseContext {
  readonly kind: "panel";
}
/** ctx of skeleton refresh handlers: the only kind that can read `ctx.skeleton`. */
export interface SkeletonContext extends BaseContext {
  readonly kind: "skeleton";
  readonly skeleton: SkeletonReader;
}
/** ctx of schedules: the system user `__system__`, reads across users, and any user's ctx through asUser. */
export interface SystemContext extends Omit<BaseContext, "store"> {
  readonly kind: "system";
  readonly store: SystemStoreClient;
  /** That user's ChatContext (store, cache, secrets, storage, notify of that user). */
  asUser(userId: string): ChatContext;
}
/** ctx of webhooks: the user `__webhook__`, with the same cross-user access as a schedule (SPEC 7.5). */
export interface WebhookContext extends Omit<SystemContext, "kind"> {
  readonly kind: "webhook";
}
/** Maps a context kind to its ctx type. */
export type ContextOf<K extends ContextKind> = K extends "skeleton"
  ? SkeletonContext
  : K extends "panel"
    ? PanelContext
    : K extends "system"
      ? SystemContext
      : K extends "webhook"
        ? WebhookContext
        : ChatContext;
/** Any context. */
export type Context = ChatContext | PanelContext | SkeletonContext | SystemContext | WebhookContext;
