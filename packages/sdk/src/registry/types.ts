import type { ActionResult, ActionResultJSON } from "../result/action-result.js";
import type { ChatContext, PanelContext, SkeletonContext, SystemContext, WebhookContext } from "../context/types.js";
import type { Infer, ObjectSchemaLike, SchemaLike } from "../schema/index.js";
import type { ActionType, PanelSlot, SecretWriteMode } from "../patterns.js";
import type { UINode } from "../ui/types.js";

type Promisable<T> = T | Promise<T>;

/** Params as seen by a handler: `z.infer` of the schema, or a loose record when there is none. */
export type ParamsOf<P> = P extends SchemaLike ? Infer<P> : Record<string, unknown>;
/** `data` type of the ActionResult a handler returns: `z.infer` of `dataModel`, or unknown. */
export type DataOf<D> = D extends SchemaLike ? Infer<D> : unknown;

/** Options of `chat.function`. */
export interface ChatFunctionOptions<
  P extends ObjectSchemaLike | undefined = undefined,
  D extends SchemaLike | undefined = undefined,
> {
  description: string;
  actionType: ActionType;
  /** `z.object(...)` at module scope (V17). zod 3 or zod 4. */
  params?: P;
  /** Schema of the returned `ActionResult.data` (required for reads, V23). */
  dataModel?: D;
  /** Event published on success, e.g. `notes.created`. */
  event?: string;
  /** Advisory effects such as `create:note`. */
  effects?: string[];
  /** Default true. */
  chainCallable?: boolean;
  /** Which param carries the target id when the function runs as a chain step. */
  idProjection?: string;
  /** 1800 s timeout instead of 180 s. */
  longRunning?: boolean;
  /** Renders UI instead of returning data (exempt from V23). */
  uiBuilder?: boolean;
  scopes?: string[];
  /** Param paths whose values are never shown or stored in clear (SPEC 7.7), e.g. ["token", "auth.password"]. */
  sensitive?: string[];
}
/** Handler of a chat function: `p` is inferred from `params`, the result's `data` from `dataModel`. */
export type ChatFunctionHandler<P, D> = (ctx: ChatContext, params: ParamsOf<P>) => Promisable<ActionResult<DataOf<D>>>;

/** Options of `ext.tool`. */
export interface ToolOptions<P extends ObjectSchemaLike | undefined = undefined> {
  description: string;
  params?: P;
  scopes?: string[];
  /** Advisory, like chat functions; plain tools default to "read". */
  actionType?: ActionType;
  longRunning?: boolean;
  /** Param paths whose values are never shown or stored in clear (SPEC 7.7). */
  sensitive?: string[];
}
/** Handler of a plain tool. May return an ActionResult, its JSON, or (alert tools) `{ response }` / a string. */
export type ToolHandler<P> = (ctx: ChatContext, params: ParamsOf<P>) => Promisable<unknown>;

/** Options of `ext.skeleton`. */
export interface SkeletonOptions {
  /** Refresh interval in seconds (default 300). */
  ttl?: number;
  /** When true, the kernel calls `skeleton_alert_{section}` with `{ old, new }` on change. */
  alert?: boolean;
  description?: string;
  /** Event types (`.*` allowed) whose publication refreshes this section; `[]` opts out; default every event. */
  refreshOn?: string[];
}
/** A skeleton refresh must wrap its snapshot: `{ response: { ... } }`. */
export interface SkeletonResponse {
  response: object;
}
export type SkeletonHandler = (ctx: SkeletonContext) => Promisable<SkeletonResponse>;

/** Options of `ext.panel`. */
export interface PanelOptions {
  slot: PanelSlot;
  title?: string;
  icon?: string;
  /** `manual` (default) or `on_event:<event>[,<event>...]`. */
  refresh?: string;
  centerOverlay?: boolean;
  /** Width the host opens the panel at, px (SPEC 8.1). */
  defaultWidth?: number;
  /** Narrowest the user may drag it to, px. */
  minWidth?: number;
  /** Widest the user may drag it to, px. */
  maxWidth?: number;
}
export type PanelHandler = (ctx: PanelContext, props: Record<string, unknown>) => Promisable<UINode>;

/** Options of `ext.secret`. */
export interface SecretOptions {
  description: string;
  required?: boolean;
  /** Who may write the value: the user (settings UI), the extension (`ctx.secrets.set`) or both. Default "user". */
  writeMode?: SecretWriteMode;
  /** 1..65536, default 4096. */
  maxBytes?: number;
}
/** A declared secret as stored in the registry. */
export interface SecretDeclaration {
  name: string;
  description: string;
  required: boolean;
  writeMode: SecretWriteMode;
  maxBytes: number;
}

/** Options of `ext.schedule`. */
export interface ScheduleOptions {
  /** 5-field UTC cron. */
  cron: string;
  description?: string;
  /** Default 180. */
  timeoutSeconds?: number;
}
export type ScheduleHandler = (ctx: SystemContext) => Promisable<unknown>;
export interface ScheduleDeclaration {
  name: string;
  cron: string;
  timeoutSeconds?: number;
  description?: string;
  handler: ScheduleHandler;
}

/** Options of `new Extension(appId, opts)`. */
export interface ExtensionOptions {
  version: string;
  displayName?: string;
  description?: string;
  icon?: string;
  /** Default true; false is rejected by V25. */
  actionsExplicit?: boolean;
  capabilities?: string[];
  /** Reserved for first-party extensions (V31). */
  system?: boolean;
  /** The base layer of ctx.config (SPEC 7.2); JSON only. */
  configDefaults?: Record<string, unknown>;
}
/** Options of `new ChatExtension(ext, opts)`. */
export interface ChatExtensionOptions {
  /** Grouping key written to each function's `owner_chat_tool`. Default `tool_{appId}_chat`. */
  toolName?: string;
  description?: string;
  /** Extra instructions for the LLM classifier about this extension's tools (<= 4,000 chars, SPEC 7.8). */
  systemPrompt?: string;
}

/** Options of `ext.emits`. */
export interface EmitsOptions {
  description?: string;
}
/** An event as published by the kernel (SPEC 7.4). */
export interface PublishedEvent {
  type: string;
  app_id: string;
  user_id: string;
  tenant_id: string;
  ts: string;
  data: unknown;
}
/** A subscriber of `ext.onEvent`: runs in the emitting user's ChatContext. */
export type EventHandler = (ctx: ChatContext, event: PublishedEvent) => Promisable<unknown>;
/** Options of `ext.webhook`. */
export interface WebhookOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A request without this header is refused with 401 before the handler runs. */
  secretHeader?: string;
  description?: string;
}
/** A webhook request as the handler sees it. */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string;
  json(): unknown;
}
/** A webhook's answer: `{ status?, headers?, body? }`, or any object (sent as JSON, 200). */
export type WebhookReply =
  { status?: number; headers?: Record<string, string>; body?: unknown } | Record<string, unknown>;
export type WebhookHandler = (ctx: WebhookContext, req: WebhookRequest) => Promisable<WebhookReply | undefined | void>;
/** Options of `ext.expose`. */
export interface ExposeOptions<P extends ObjectSchemaLike | undefined = undefined> {
  /** Destructive methods cannot be exposed across extensions (V35). */
  actionType: "read" | "write";
  params?: P;
  description?: string;
  sensitive?: string[];
}
export type ExposeHandler<P> = (
  ctx: ChatContext,
  params: ParamsOf<P>,
) => Promisable<ActionResult<unknown> | ActionResultJSON>;

/** A lifecycle hook: runs with a ChatContext of the user concerned (SPEC 7.1). */
export type LifecycleHandler = (ctx: ChatContext) => Promisable<unknown>;
/** What a health check reports. */
export interface HealthReport {
  status: "ok" | "degraded" | "unhealthy";
  message?: string;
  details?: Record<string, unknown>;
}
/** The extension's health check (SPEC 7.1). */
export type HealthHandler = (ctx: ChatContext) => Promisable<HealthReport>;
/** The registered lifecycle hooks. */
export interface LifecycleDeclaration {
  onInstall?: LifecycleHandler;
  onUninstall?: LifecycleHandler;
  onEnable?: LifecycleHandler;
  onDisable?: LifecycleHandler;
  /** In ascending semver order. */
  onUpgrade: Array<{ version: string; handler: LifecycleHandler }>;
  healthCheck?: HealthHandler;
}

/** Wire form alias kept here so handler types can mention it. */
export type { ActionResultJSON };

/**
 * Returned by the two-argument registration forms. Call it with a function (returns it unchanged) or use it
 * as a TC39 method decorator (`@chat.fn(...)`).
 */
export interface Registrar<H> {
  <F extends H>(handler: F): F;
  <F extends H>(method: F, context: ClassMethodDecoratorContext): F;
}
