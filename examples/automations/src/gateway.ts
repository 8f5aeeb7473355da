// The platform gateway's internal automations API (`/v1/automations/internal/*`) and the user lookup, behind ctx.http.
// Every function returns a tagged result and never throws: callers turn failures into ActionResult errors.
import type { BaseContext } from "@imperal/sdk";
import type { Rule } from "./rules.js";

/** The part of ctx the gateway client needs. */
export type GatewayCtx = Pick<BaseContext, "http" | "config" | "secrets" | "tenant">;

/** `{ ok: true, ... }` or `{ ok: false, status, error }` (status 0 = no answer). */
export type Gw<T> = ({ ok: true } & T) | { ok: false; status: number; error: string; detail?: unknown };

/** The quota fact the gateway sends with a 429 on create. */
export interface QuotaFact {
  cap: number | string;
  used: number | string;
  plan: string;
  source: string;
}

/** A ctx.secrets/ctx.http failure as a tagged result (a missing token is not a network problem). */
function failure(e: unknown): { ok: false; status: number; error: string } {
  return { ok: false, status: 0, error: (e as Error)?.message ?? String(e) };
}

async function send(
  ctx: GatewayCtx,
  method: "get" | "post" | "patch" | "delete",
  path: string,
  opts: { json?: unknown; query?: Record<string, string> } = {},
): Promise<Gw<{ status: number; body: unknown }>> {
  let token: string | null;
  try {
    token = await ctx.secrets.get("service_token");
  } catch (e) {
    return failure(e);
  }
  if (!token) return { ok: false, status: 0, error: "the gateway service token (secret service_token) is not set" };
  const base = String(ctx.config.get("gateway.url", "https://gateway.example")).replace(/\/+$/, "");
  const timeoutMs = Number(ctx.config.get("gateway.timeout_ms", 15000)) || 15000;
  try {
    const res = await ctx.http[method](`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      timeoutMs,
      ...(opts.json !== undefined ? { json: opts.json } : {}),
      ...(opts.query ? { query: opts.query } : {}),
    });
    let body: unknown = null;
    if (res.body.trim() !== "") {
      try {
        body = res.json();
      } catch {
        body = res.body;
      }
    }
    if (res.status < 200 || res.status >= 300) {
      const detail = (body as { detail?: unknown } | null)?.detail ?? body;
      const text = typeof detail === "string" ? detail : JSON.stringify(detail ?? "");
      return { ok: false, status: res.status, error: `gateway returned ${res.status}: ${text.slice(0, 300)}`, detail };
    }
    return { ok: true, status: res.status, body };
  } catch (e) {
    return failure(e);
  }
}

const enc = encodeURIComponent;

/** Every rule of the caller's tenant. The original treats a non-200 answer as "no rules": so does `rules`, with the failure kept. */
export async function fetchAllRules(ctx: GatewayCtx): Promise<Gw<{ rules: Rule[] }>> {
  const r = await send(ctx, "get", "/v1/automations/internal/all", { query: { tenant_id: ctx.tenant.tenantId } });
  if (!r.ok) return r;
  if (!Array.isArray(r.body))
    return { ok: false, status: r.status, error: "gateway answered a non-list for all rules" };
  return { ok: true, rules: r.body as Rule[] };
}

/** What create sends. */
export interface NewRule {
  user_id: string;
  tenant_id: string;
  prompt: string;
  trigger_filter: { event_type: string; schedule?: string };
  actions: Array<Record<string, unknown>>;
  interpretation: string;
  cooldown_seconds: number;
  notify_mode: string;
}

/** Creates a rule; a 429 carrying AUTOMATION_QUOTA_EXCEEDED comes back as `quota`. */
export async function createRule(
  ctx: GatewayCtx,
  rule: NewRule,
): Promise<Gw<{ rule: Rule }> | { ok: false; status: 429; error: string; quota: QuotaFact }> {
  const r = await send(ctx, "post", "/v1/automations/internal/create", { json: rule });
  if (!r.ok) {
    const d = r.detail as { error_code?: string; quota?: QuotaFact } | undefined;
    if (r.status === 429 && d?.error_code === "AUTOMATION_QUOTA_EXCEEDED" && d.quota)
      return { ok: false, status: 429, error: r.error, quota: d.quota };
    return r;
  }
  const rule_ = r.body as Rule | null;
  if (!rule_ || typeof rule_ !== "object" || typeof rule_.id !== "number")
    return { ok: false, status: r.status, error: "gateway answered create without a rule id" };
  return { ok: true, rule: rule_ };
}

/** Patches one rule (200 = done). */
export async function patchRule(ctx: GatewayCtx, id: number, patch: Record<string, unknown>): Promise<Gw<object>> {
  const r = await send(ctx, "patch", `/v1/automations/internal/${enc(String(id))}`, { json: patch });
  return r.ok ? { ok: true } : r;
}

/** Deletes one rule (200 or 204 = done). */
export async function deleteRule(ctx: GatewayCtx, id: number): Promise<Gw<object>> {
  const r = await send(ctx, "delete", `/v1/automations/internal/${enc(String(id))}`);
  return r.ok ? { ok: true } : r;
}

/** The user's platform role (`admin` decides the admin view). */
export async function fetchUserRole(ctx: GatewayCtx, userId: string): Promise<Gw<{ role: string }>> {
  const r = await send(ctx, "get", `/v1/users/${enc(userId)}`);
  if (!r.ok) return r;
  const role = (r.body as { role?: unknown } | null)?.role;
  return { ok: true, role: typeof role === "string" ? role : "user" };
}
