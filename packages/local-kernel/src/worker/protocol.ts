import type { PlatformInfo } from "@imperal/sdk";

/** Messages between the kernel thread and an extension worker (structured-cloned over the port). */

/** A user as a worker sees it. */
export interface CtxUser {
  imperalId: string;
  email: string;
  tenantId: string;
  role: string;
  scopes: string[];
}

export interface CtxInfo {
  kind: "chat" | "panel" | "skeleton" | "system" | "webhook";
  user: CtxUser;
  tenant: { tenantId: string; name: string };
  lang: string;
  /** `.imperal/config.json` (`{ app, users }`): the worker resolves ctx.config over the extension's configDefaults. */
  configFile?: { app?: Record<string, unknown>; users?: Record<string, Record<string, unknown>> };
  /** System and webhook contexts: the users `ctx.asUser` may reach (SPEC 7.3). */
  directory?: Record<string, CtxUser & { lang: string }>;
}

/** Plain description of one callable tool (the SDK's CallableTool without functions/schemas). */
export interface ToolInfo {
  name: string;
  kind: "chat_function" | "tool" | "skeleton_refresh" | "skeleton_alert" | "panel";
  description: string;
  actionType: "read" | "write" | "destructive";
  chainCallable?: boolean;
  idProjection?: string;
  scopes?: string[];
  longRunning?: boolean;
  event?: string;
  section?: string;
  /** Skeleton sections: the events that make it stale (SPEC 7.4 live skeletons); absent = every event of the app. */
  refreshOn?: string[];
  panelId?: string;
  /** Declared sensitive param paths (SPEC 7.7); the default key pattern applies whether or not any are declared. */
  sensitive?: string[];
  hasParams: boolean;
}

export interface ReadyInfo {
  appId: string;
  capabilities: string[];
  secrets: Array<{
    name: string;
    description?: string;
    writeMode?: "user" | "extension" | "both";
    maxBytes?: number;
    required?: boolean;
  }>;
  tools: ToolInfo[];
  manifest: Record<string, unknown> | null;
  /** Schedules, lifecycle hooks, webhooks, events, exposed methods, config defaults (SPEC 7; null from an old SDK). */
  platform: PlatformInfo | null;
}

export type ToWorker =
  | { t: "load"; bundlePath: string }
  | { t: "call"; id: number; tool: string; args: unknown; ctx: CtxInfo; attempt: number }
  | { t: "validate"; id: number; tool: string; args: unknown; attempt: number }
  | { t: "cancel"; id: number; reason: string }
  | { t: "ping"; id: number }
  | { t: "rpc_res"; rid: number; ok: true; value: unknown }
  | { t: "rpc_res"; rid: number; ok: false; error: WireError };

export type FromWorker =
  | { t: "ready"; info: ReadyInfo }
  | { t: "load_error"; error: WireError }
  | { t: "result"; id: number; outcome: unknown }
  | { t: "rpc"; rid: number; callId: number; client: string; method: string; args: unknown[]; as?: string }
  | { t: "log"; callId: number; level: string; message: string }
  | { t: "progress"; callId: number; percent: number; message?: string }
  | { t: "pong"; id: number }
  | { t: "memory_exceeded"; bytes: number };

/** An error as it crosses the port. */
export interface WireError {
  name: string;
  code: string;
  message: string;
  fix?: string;
  detail?: string;
}
