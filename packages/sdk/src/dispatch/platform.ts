// Running the platform handlers of SPEC 7 (schedules, lifecycle hooks, the health check, webhooks, event
// subscribers, exposed methods) by their audited tool name. The kernel worker and the testing kit both use it, so a
// handler answers the same way in a test and in the kernel.
import { EventNotDeclared, SDK_ERROR_CODES } from "../errors/index.js";
import { validateParams } from "../guards/validate-params.js";
import { compareSemver } from "../registry/lifecycle.js";
import { getRegistry } from "../registry/surface.js";
import { isActionResult, isActionResultJSON } from "../result/action-result.js";
import { eventMatches, platformTargetOf, qualifiedEventType } from "../patterns.js";
import type { HealthReport, PublishedEvent, WebhookReply } from "../registry/types.js";
import { thrownOutcome, type ToolOutcome } from "./execute.js";

/** The platform handlers of an extension as plain data (what the kernel schedules, routes and lists). */
export interface PlatformInfo {
  schedules: Array<{ name: string; cron: string; description?: string; timeoutSeconds?: number }>;
  lifecycle: {
    onInstall: boolean;
    onUninstall: boolean;
    onEnable: boolean;
    onDisable: boolean;
    onUpgrade: string[];
    healthCheck: boolean;
  };
  webhooks: Array<{ path: string; method: string; secretHeader?: string; description?: string }>;
  emits: Array<{ type: string; description?: string }>;
  /** `onEvent` patterns, in registration order. */
  subscribes: string[];
  exposed: Array<{ name: string; actionType: "read" | "write"; description?: string; sensitive?: string[] }>;
  /** `configDefaults`. */
  config: Record<string, unknown>;
  chats: Array<{ toolName: string; description: string; systemPrompt?: string }>;
}

const opt = <K extends string, V>(k: K, v: V | undefined) => (v !== undefined ? { [k]: v } : {});

/** The platform handlers of `ext` without their functions. */
export function platformInfo(ext: unknown): PlatformInfo {
  const r = getRegistry(ext);
  return {
    schedules: r.schedules.map((s) => ({
      name: s.name,
      cron: s.cron,
      ...opt("description", s.description),
      ...opt("timeoutSeconds", s.timeoutSeconds),
    })),
    lifecycle: {
      onInstall: !!r.lifecycle.onInstall,
      onUninstall: !!r.lifecycle.onUninstall,
      onEnable: !!r.lifecycle.onEnable,
      onDisable: !!r.lifecycle.onDisable,
      onUpgrade: r.lifecycle.onUpgrade.map((u) => u.version),
      healthCheck: !!r.lifecycle.healthCheck,
    },
    webhooks: r.webhooks.map((w) => ({
      path: w.path,
      method: w.method,
      ...opt("secretHeader", w.secretHeader),
      ...opt("description", w.description),
    })),
    emits: r.events.emits.map((e) => ({ ...e })),
    subscribes: r.events.subscribers.map((s) => s.pattern),
    exposed: r.exposed.map((x) => ({
      name: x.name,
      actionType: x.actionType,
      ...opt("description", x.description),
      ...opt("sensitive", x.sensitive),
    })),
    config: JSON.parse(JSON.stringify(r.config ?? {})) as Record<string, unknown>,
    chats: r.chats.map((c) => ({
      toolName: c.toolName,
      description: c.description,
      ...opt("systemPrompt", c.systemPrompt),
    })),
  };
}

/**
 * The type `ctx.events.emit(type)` publishes, or EventNotDeclared: a type declared with `ext.emits`, or the
 * (`{app_id}.`-qualified) `event` of one of the extension's functions. The kernel worker and the testing kit both
 * use it, and V33 checks the same rule statically.
 */
export function emittableType(ext: unknown, type: unknown): string {
  const r = getRegistry(ext);
  const t = String(type);
  const declared =
    r.events.emits.some((e) => e.type === t) ||
    r.entries.some((e) => e.event !== undefined && qualifiedEventType(r.appId, e.event) === t);
  if (typeof type !== "string" || !declared) throw new EventNotDeclared(t, r.appId);
  return t;
}

/** A health answer as the kernel reports it: a throw or a malformed answer is `unhealthy` with the reason. */
export function normaliseHealth(value: unknown): HealthReport {
  const r = value as HealthReport | undefined;
  if (!r || typeof r !== "object" || !["ok", "degraded", "unhealthy"].includes(r.status))
    return { status: "unhealthy", message: "The health check returned no { status: ok | degraded | unhealthy }." };
  return {
    status: r.status,
    ...(typeof r.message === "string" ? { message: r.message.slice(0, 1000) } : {}),
    ...(r.details && typeof r.details === "object" ? { details: plain(r.details) as Record<string, unknown> } : {}),
  };
}

/** `{ status?, headers?, body? }` as given; any other object is a 200 JSON body; nothing is 204. */
export function replyOf(out: WebhookReply | undefined | void): {
  status: number;
  headers: Record<string, string>;
  body: unknown;
} {
  if (out === undefined || out === null) return { status: 204, headers: {}, body: null };
  const o = out as { status?: unknown; headers?: unknown; body?: unknown };
  const keys = Object.keys(out);
  if (keys.length > 0 && keys.every((k) => k === "status" || k === "headers" || k === "body"))
    return {
      status: typeof o.status === "number" && o.status >= 100 && o.status <= 599 ? Math.trunc(o.status) : 200,
      headers: stringHeaders(o.headers),
      body: o.body === undefined ? null : plain(o.body),
    };
  return { status: 200, headers: {}, body: plain(out) };
}

function stringHeaders(h: unknown): Record<string, string> {
  if (!h || typeof h !== "object") return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  return out;
}

function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** What a webhook handler receives, as it crosses the worker boundary (json() is rebuilt on the far side). */
export interface WireWebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string;
}

/** Payloads of {@link runPlatform}, by target kind. */
export interface PlatformArgs {
  schedule: Record<string, never>;
  lifecycle: { from?: string; to?: string };
  health: Record<string, never>;
  webhook: { request: WireWebhookRequest };
  event: { event: PublishedEvent; index?: number };
  expose: { params?: unknown };
}

const notFound = (tool: string, message: string): ToolOutcome => ({
  ok: false,
  tool,
  code: SDK_ERROR_CODES.NOT_FOUND,
  message,
  retryable: false,
});

/**
 * Runs one platform handler by its audited name (`platformTool` in `@imperal/sdk/patterns`) with a ctx built by the
 * caller. Results: a schedule's return value; `{ ran: [versions] }` for upgrades; a normalised health report; a
 * normalised webhook reply; `{ delivered: n }` for events; an exposed method's ActionResult JSON.
 */
export async function runPlatform(ext: unknown, tool: string, args: unknown, ctx: unknown): Promise<ToolOutcome> {
  const target = platformTargetOf(tool);
  const reg = getRegistry(ext);
  const a = (args ?? {}) as Record<string, unknown>;
  const ok = (result: unknown): ToolOutcome => ({ ok: true, kind: "tool", tool, result: plain(result) });
  if (!target) return notFound(tool, `"${tool}" is not a platform handler.`);
  try {
    switch (target.kind) {
      case "schedule": {
        const s = reg.schedules.find((x) => x.name === target.name);
        if (!s) return notFound(tool, `No schedule named "${target.name}".`);
        return ok((await s.handler(ctx as never)) ?? null);
      }
      case "lifecycle": {
        const life = reg.lifecycle;
        if (target.hook === "on_upgrade") {
          const { from = "0.0.0", to } = a as PlatformArgs["lifecycle"];
          const ran: string[] = [];
          for (const u of life.onUpgrade) {
            if (compareSemver(u.version, from) > 0 && (to === undefined || compareSemver(u.version, to) <= 0)) {
              await u.handler(ctx as never);
              ran.push(u.version);
            }
          }
          return ok({ ran });
        }
        const key = {
          on_install: "onInstall",
          on_uninstall: "onUninstall",
          on_enable: "onEnable",
          on_disable: "onDisable",
        }[target.hook] as "onInstall" | "onUninstall" | "onEnable" | "onDisable";
        const h = life[key];
        if (h) await h(ctx as never);
        return ok({ ran: !!h });
      }
      case "health": {
        const h = reg.lifecycle.healthCheck;
        if (!h) return ok({ status: "ok", message: "No health check registered." });
        try {
          return ok(normaliseHealth(await h(ctx as never)));
        } catch (e) {
          return ok({ status: "unhealthy", message: (e as Error)?.message ?? String(e) });
        }
      }
      case "webhook": {
        const req = (a as PlatformArgs["webhook"]).request;
        const w = reg.webhooks.find((x) => x.path === target.path && x.method === req?.method);
        if (!w || !req) return notFound(tool, `No webhook ${req?.method ?? "?"} ${target.path}.`);
        const out = await w.handler(ctx as never, { ...req, json: () => JSON.parse(req.body) as unknown });
        return ok(replyOf(out));
      }
      case "event": {
        const { event, index } = a as PlatformArgs["event"];
        let delivered = 0;
        for (const [i, s] of reg.events.subscribers.entries()) {
          if ((index !== undefined && i !== index) || !eventMatches(s.pattern, event.type)) continue;
          await s.handler(ctx as never, event);
          delivered++;
        }
        return ok({ delivered });
      }
      case "expose": {
        const x = reg.exposed.find((e) => e.name === target.name);
        if (!x)
          return notFound(
            tool,
            `"${target.name}" is not exposed; exposed: ${reg.exposed.map((e) => e.name).join(", ") || "(none)"}.`,
          );
        let params: unknown = (a as PlatformArgs["expose"]).params ?? {};
        if (x.params !== undefined) {
          const v = validateParams(x.params, params, { attempt: 0, toolName: target.name });
          if (!v.ok)
            return { ok: false, tool, code: v.code, message: v.message, feedback: v.feedback, retryable: false };
          params = v.value;
        }
        const out = await x.handler(ctx as never, params as never);
        if (isActionResult(out)) return ok(out.toJSON());
        if (isActionResultJSON(out)) return ok(out);
        return {
          ok: false,
          tool,
          code: SDK_ERROR_CODES.BAD_RETURN,
          message: `Exposed method "${target.name}" must return an ActionResult.`,
          retryable: false,
        };
      }
    }
  } catch (e) {
    return thrownOutcome(tool, e);
  }
}
