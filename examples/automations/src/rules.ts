// The rule record as the gateway stores it, and the derived row ("summary") every list, bulk and delete receipt uses.

/** A message action (the agent writes to the user) or a tool action (the agent calls an extension's tool). */
export type RuleAction = { message: string } | { app_id: string; tool: string; args?: Record<string, unknown> };

/** A rule as the gateway stores it. */
export interface Rule {
  id: number;
  user_id: string;
  tenant_id: string;
  prompt: string;
  trigger_filter: { event_type: string; schedule?: string };
  actions: RuleAction[];
  interpretation: string;
  cooldown_seconds: number;
  notify_mode: "all" | "failures" | "off";
  status: "active" | "paused" | "error";
  trigger_count: number;
  success_count: number;
  fail_count: number;
  last_error: string | null;
  last_triggered: string | null;
  created_at: string | null;
  /** Lifetime cost in USD, when the gateway reports one (the original's sidebar shows it "if any"). */
  cost_usd?: number;
}

/** A rule plus the fields derived from it. */
export interface RuleRow extends Rule {
  rule_id: number;
  event_type: string;
  schedule: string;
  is_scheduled: boolean;
  never_triggered: boolean;
  is_failing: boolean;
  success_rate: number;
  age_days: number;
  action_summary: string;
  owner_is_caller: boolean;
}

export const NOTIFY_MODES = ["all", "failures", "off"] as const;
export const RULE_STATUSES = ["active", "paused", "error"] as const;
export const SCHEDULED_EVENT = "system.scheduled";

/** Truncates to `n` characters (no ellipsis: the original cuts hard). */
export const cut = (s: unknown, n: number): string => String(s ?? "").slice(0, n);

/** One action as text: the message, or `app.tool(args)`. */
export function actionText(a: RuleAction): string {
  if ("message" in a) return String(a.message ?? "");
  const args = a.args && Object.keys(a.args).length ? JSON.stringify(a.args) : "";
  return `${a.app_id}.${a.tool}(${args})`;
}

/** Whole days since an ISO date, or -1 when it is missing or unreadable. */
export function ageDays(iso: string | null | undefined, now = Date.now()): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? Math.max(0, Math.floor((now - t) / 86_400_000)) : -1;
}

/** The derived row of a rule, seen by `callerId`. Missing counters read as 0 (older gateway rows lack them). */
export function deriveRow(rule: Rule, callerId: string, now = Date.now()): RuleRow {
  const trigger_count = Number(rule.trigger_count ?? 0) || 0;
  const success_count = Number(rule.success_count ?? 0) || 0;
  const fail_count = Number(rule.fail_count ?? 0) || 0;
  const event_type = String(rule.trigger_filter?.event_type ?? "");
  const schedule = String(rule.trigger_filter?.schedule ?? "");
  const actions = Array.isArray(rule.actions) ? rule.actions : [];
  return {
    ...rule,
    trigger_count,
    success_count,
    fail_count,
    last_error: rule.last_error ?? null,
    last_triggered: rule.last_triggered ?? null,
    created_at: rule.created_at ?? null,
    rule_id: rule.id,
    event_type,
    schedule,
    is_scheduled: event_type === SCHEDULED_EVENT || schedule !== "",
    never_triggered: trigger_count === 0,
    is_failing: Boolean(rule.last_error) || fail_count > 0,
    success_rate: trigger_count > 0 ? Math.round((success_count / trigger_count) * 1000) / 1000 : 0,
    age_days: ageDays(rule.created_at, now),
    action_summary: cut(actions.map(actionText).join("; "), 200),
    owner_is_caller: rule.user_id === callerId,
  };
}

/** The health shown in the sidebar badge. */
export type Health = "error" | "paused" | "failing" | "unstable" | "healthy" | "not run yet";

/** Health of a rule: its status first, then how its runs went (failing = most runs failed). */
export function healthOf(r: RuleRow): Health {
  if (r.status === "error") return "error";
  if (r.status === "paused") return "paused";
  if (r.never_triggered) return r.last_error ? "failing" : "not run yet";
  if (r.is_failing) return r.success_rate < 0.5 ? "failing" : "unstable";
  return "healthy";
}

/** Badge colour per health. */
export const HEALTH_COLOR = {
  error: "red",
  paused: "yellow",
  failing: "red",
  unstable: "yellow",
  healthy: "green",
  "not run yet": "blue",
} as const satisfies Record<Health, string>;

/** Sorts rows in place by one of the list orders (newest by default); ties fall back to the id. */
export function sortRows(rows: RuleRow[], sort: string): RuleRow[] {
  const created = (r: RuleRow) => r.created_at ?? "";
  const byNewest = (a: RuleRow, b: RuleRow) => created(b).localeCompare(created(a)) || b.rule_id - a.rule_id;
  const cmp: Record<string, (a: RuleRow, b: RuleRow) => number> = {
    newest: byNewest,
    oldest: (a, b) => created(a).localeCompare(created(b)) || a.rule_id - b.rule_id,
    most_triggered: (a, b) => b.trigger_count - a.trigger_count || byNewest(a, b),
    most_failed: (a, b) => b.fail_count - a.fail_count || byNewest(a, b),
    owner: (a, b) => a.user_id.localeCompare(b.user_id) || byNewest(a, b),
  };
  return rows.sort(cmp[sort || "newest"] ?? byNewest);
}

/** Case-insensitive substring search over the fields the original searches. */
export function matchesSearch(r: RuleRow, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [r.prompt, r.interpretation, r.last_error, r.action_summary, r.event_type].some((f) =>
    String(f ?? "")
      .toLowerCase()
      .includes(needle),
  );
}

/** " (owner X)" when the caller acts on someone else's rule. */
export const ownerSuffix = (r: { user_id: string } | undefined, callerId: string): string =>
  r && r.user_id !== callerId ? ` (owner ${r.user_id})` : "";
