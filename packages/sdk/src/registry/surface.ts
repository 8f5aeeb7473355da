import { EXTENSION_BRAND, REGISTRY_KEY } from "../brand.js";
import { ImperalError, SDK_ERROR_CODES } from "../errors/index.js";
import type { ActionType, PanelSlot } from "../patterns.js";
import type {
  EventHandler,
  ExposeHandler,
  ExtensionOptions,
  LifecycleDeclaration,
  ScheduleDeclaration,
  SecretDeclaration,
  WebhookHandler,
  WebhookOptions,
} from "./types.js";

/** Events an extension declares and subscribes to (SPEC 7.4). */
export interface EventsDeclaration {
  emits: Array<{ type: string; description?: string }>;
  subscribers: Array<{ pattern: string; handler: EventHandler }>;
}
/** A registered webhook (SPEC 7.5). */
export interface WebhookDeclaration {
  path: string;
  method: NonNullable<WebhookOptions["method"]>;
  secretHeader?: string;
  description?: string;
  handler: WebhookHandler;
}
/** A method exposed to other extensions (SPEC 7.6). */
export interface ExposedDeclaration {
  name: string;
  actionType: "read" | "write";
  params?: unknown;
  description?: string;
  sensitive?: string[];
  handler: ExposeHandler<unknown>;
}

/** What kind of callable a surface entry is. */
export type CallableKind = "chat_function" | "tool" | "skeleton_refresh" | "skeleton_alert" | "panel";

/** One entry of the callable surface (see docs/architecture.md). */
export interface CallableTool {
  name: string;
  kind: CallableKind;
  description: string;
  actionType: ActionType;
  chainCallable: boolean;
  /** zod 3 or zod 4 object schema; absent = no params. */
  params?: unknown;
  dataModel?: unknown;
  event?: string;
  effects?: string[];
  idProjection?: string;
  ownerChatTool?: string;
  scopes?: string[];
  longRunning?: boolean;
  uiBuilder?: boolean;
  sensitive?: string[];
  section?: string;
  ttl?: number;
  alert?: boolean;
  refreshOn?: string[];
  panelId?: string;
  slot?: PanelSlot;
  title?: string;
  icon?: string;
  refresh?: string;
  centerOverlay?: boolean;
  defaultWidth?: number;
  minWidth?: number;
  maxWidth?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one entry type for every kind of handler
  handler: (ctx: any, params: any) => unknown;
}

/** A registered ChatExtension. */
export interface ChatDeclaration {
  toolName: string;
  description: string;
  systemPrompt?: string;
}

/** Registry stored on each Extension instance under `Symbol.for("imperal.sdk.registry")`. */
export interface RegistryData {
  formatVersion: 1;
  appId: string;
  options: Required<Omit<ExtensionOptions, "capabilities" | "configDefaults">> & { capabilities: string[] };
  /** `configDefaults` (a deep copy), `{}` when none. */
  config: Record<string, unknown>;
  lifecycle: LifecycleDeclaration;
  events: EventsDeclaration;
  webhooks: WebhookDeclaration[];
  exposed: ExposedDeclaration[];
  /** Callable entries in declaration order. */
  entries: CallableTool[];
  chats: ChatDeclaration[];
  secrets: SecretDeclaration[];
  schedules: ScheduleDeclaration[];
}

/** True when `value` is an Extension from any copy of the SDK. */
export function isExtension(value: unknown): value is { readonly appId: string } {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[EXTENSION_BRAND] === true;
}

/** The registry of an extension instance (works across SDK copies because it reads the shared symbol). */
export function getRegistry(ext: unknown): RegistryData {
  if (!isExtension(ext)) {
    throw new ImperalError(
      SDK_ERROR_CODES.NOT_AN_EXTENSION,
      "Expected an Extension instance.",
      "Export the object created with new Extension(...).",
    );
  }
  const reg = (ext as unknown as Record<symbol, RegistryData | undefined>)[REGISTRY_KEY];
  if (!reg || reg.formatVersion !== 1) {
    throw new ImperalError(
      SDK_ERROR_CODES.REGISTRY_UNSUPPORTED,
      "The extension's registry has an unknown format.",
      "Rebuild the extension against this version of @imperal/sdk.",
    );
  }
  return reg;
}

/**
 * The one answer to "what can be called": chat functions, tools, skeleton refresh/alert tools and panel tools,
 * in declaration order. Manifest, CLI counts and the kernel all use it.
 */
export function callableSurface(ext: unknown): CallableTool[] {
  return getRegistry(ext).entries.map((e) => ({ ...e }));
}

/** Looks one callable up by name (undefined when absent). */
export function findCallable(ext: unknown, name: string): CallableTool | undefined {
  const e = getRegistry(ext).entries.find((t) => t.name === name);
  return e ? { ...e } : undefined;
}

/** Counts shown by `imperal build`/`dev`. */
export interface SurfaceSummary {
  functions: { read: number; write: number; destructive: number };
  /** Plain tools including skeleton alert tools. */
  tools: number;
  skeletons: number;
  panels: number;
  /** Every callable entry. */
  total: number;
}

/** Counts of the callable surface (chat functions by action type, tools, skeletons, panels). */
export function summarizeSurface(ext: unknown): SurfaceSummary {
  const s: SurfaceSummary = {
    functions: { read: 0, write: 0, destructive: 0 },
    tools: 0,
    skeletons: 0,
    panels: 0,
    total: 0,
  };
  for (const t of callableSurface(ext)) {
    s.total++;
    if (t.kind === "chat_function") s.functions[t.actionType]++;
    else if (t.kind === "tool" || t.kind === "skeleton_alert") s.tools++;
    else if (t.kind === "skeleton_refresh") s.skeletons++;
    else if (t.kind === "panel") s.panels++;
  }
  return s;
}
