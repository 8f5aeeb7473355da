// Who may see and manage which rule: the admin decision (gateway role, cached per user) and the authorization
// helper shared by update, pause, resume and delete.
import { ActionResult, z, type BaseContext } from "@imperal/sdk";
import { fetchAllRules, fetchUserRole, type GatewayCtx } from "./gateway.js";
import { deriveRow, type RuleRow } from "./rules.js";

/** The part of ctx access checks need. */
export type AccessCtx = GatewayCtx & Pick<BaseContext, "cache" | "user">;

const RoleCache = z.object({ role: z.string() });
const ROLE_TTL_SECONDS = 300;

/** True when the gateway says the caller is an admin; a failed lookup is "not admin" and is not cached. */
export async function isAdmin(ctx: AccessCtx): Promise<boolean> {
  // ctx.cache is per user already, so one key per user is just this one.
  const hit = await ctx.cache.get("gateway:role", RoleCache);
  if (hit) return hit.role === "admin";
  const r = await fetchUserRole(ctx, ctx.user.imperalId);
  if (!r.ok) return false;
  await ctx.cache.set("gateway:role", { role: r.role }, { ttlSeconds: ROLE_TTL_SECONDS });
  return r.role === "admin";
}

/** The tenant's rules as rows, and the ones the caller may see (all for admins, their own otherwise). */
export interface Visible {
  ok: boolean;
  error?: string;
  admin: boolean;
  all: RuleRow[];
  visible: RuleRow[];
}

/** Loads every rule of the tenant; a failed fetch yields empty lists with `ok: false` (the original's "treat as empty"). */
export async function loadVisible(ctx: AccessCtx): Promise<Visible> {
  const [res, admin] = await Promise.all([fetchAllRules(ctx), isAdmin(ctx)]);
  const me = ctx.user.imperalId;
  if (!res.ok) return { ok: false, error: res.error, admin, all: [], visible: [] };
  const now = Date.now();
  const all = res.rules.filter((r) => r && typeof r.id === "number").map((r) => deriveRow(r, me, now));
  return { ok: true, admin, all, visible: admin ? all : all.filter((r) => r.user_id === me) };
}

/** The caller may manage the rule: its row when known (undefined when the list was unavailable: fail open). */
export type Authorized =
  { ok: true; row: RuleRow | undefined; admin: boolean } | { ok: false; result: ActionResult<never> };

/** Error for a rule id that is not in the tenant. */
export const notFound = (id: number) =>
  ActionResult.error(
    `Rule #${id} does not exist in this tenant. Call list_automations() to see the rule ids you can use.`,
    { code: "RULE_NOT_FOUND" },
  );
/** Error for a rule of another user: distinct wording, and nothing about the rule itself. */
export const notYours = (id: number) =>
  ActionResult.error(`Rule #${id} belongs to another user -- you can only manage your own automations.`, {
    code: "RULE_NOT_YOURS",
  });

/**
 * Fetches all rules and checks the caller may act on `id`. When the fetch fails or returns nothing it fails
 * open, as the original does: the gateway itself then decides (and answers 404 for an unknown id).
 */
export async function authorize(ctx: AccessCtx, id: number): Promise<Authorized> {
  const v = await loadVisible(ctx);
  if (!v.ok || v.all.length === 0) return { ok: true, row: undefined, admin: v.admin };
  const row = v.all.find((r) => r.rule_id === id);
  if (!row) return { ok: false, result: notFound(id) };
  if (!row.owner_is_caller && !v.admin) return { ok: false, result: notYours(id) };
  return { ok: true, row, admin: v.admin };
}
