// The read side: list with filters and sorts, one rule's details, and per-owner buckets.
import { ActionResult, z } from "@imperal/sdk";
import { loadVisible, notFound, notYours } from "./access.js";
import { chat } from "./app.js";
import { DetailsData, ListData, OwnersData } from "./models.js";
import { cut, matchesSearch, RULE_STATUSES, sortRows, type Rule, type RuleRow } from "./rules.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const SORTS = ["", "newest", "oldest", "most_triggered", "most_failed", "owner"] as const;

const ListParams = z.object({
  status: z.enum(RULE_STATUSES).nullable().default(null).describe("Only rules with this status"),
  user_id: z.string().default("").describe("Admins only: an owner id or a fragment of one"),
  event_type: z.string().default("").describe("Substring of the trigger event type"),
  search: z.string().default("").describe("Text in the prompt, interpretation, last error, actions or event"),
  scheduled_only: z.boolean().default(false),
  failing_only: z.boolean().default(false),
  never_triggered: z.boolean().default(false),
  created_after: z.string().default("").describe("ISO date (YYYY-MM-DD); compared on the date part"),
  created_before: z.string().default("").describe("ISO date (YYYY-MM-DD); compared on the date part"),
  sort: z.enum(SORTS).default("").describe("newest (default), oldest, most_triggered, most_failed or owner"),
  limit: z.number().int().default(200).describe("1-500, applied after filtering and sorting"),
});

const gatewayDown = (error: string | undefined) =>
  ActionResult.error(`Could not load automations from the gateway: ${error ?? "unknown error"}. Try again shortly.`, {
    code: "GATEWAY_UNAVAILABLE",
    retryable: true,
  });

chat.function(
  "list_automations",
  {
    description: "List automation rules with optional filters (status, owner, event, text, dates) and sort.",
    actionType: "read",
    params: ListParams,
    dataModel: ListData,
  },
  async (ctx, p) => {
    for (const [k, v] of [
      ["created_after", p.created_after],
      ["created_before", p.created_before],
    ] as const)
      if (v !== "" && !ISO_DATE.test(v))
        return ActionResult.error(`${k} must be an ISO date like 2026-01-31 (got '${v}').`, {
          code: "INVALID_DATE",
          retryable: true,
        });
    const v = await loadVisible(ctx);
    const day = (r: RuleRow) => (r.created_at ?? "").slice(0, 10);
    const has = (field: string, frag: string) => field.toLowerCase().includes(frag.toLowerCase());
    // [filter key, applied value or null, predicate]: one entry per filter, applied in order.
    const filters: Array<[string, unknown, (r: RuleRow) => boolean]> = [
      ["status", p.status, (r) => r.status === p.status],
      // non-admins only ever see their own rules: their user_id filter is ignored (and said to be)
      ["user_id", v.admin && p.user_id ? p.user_id : null, (r) => has(r.user_id, p.user_id)],
      ["event_type", p.event_type || null, (r) => has(r.event_type, p.event_type)],
      ["search", p.search || null, (r) => matchesSearch(r, p.search)],
      ["scheduled_only", p.scheduled_only || null, (r) => r.is_scheduled],
      ["failing_only", p.failing_only || null, (r) => r.is_failing],
      ["never_triggered", p.never_triggered || null, (r) => r.never_triggered],
      ["created_after", p.created_after || null, (r) => day(r) !== "" && day(r) >= p.created_after.slice(0, 10)],
      ["created_before", p.created_before || null, (r) => day(r) !== "" && day(r) <= p.created_before.slice(0, 10)],
    ];
    const filter: Record<string, unknown> = {};
    let rows = v.visible;
    for (const [key, value, keep] of filters) {
      if (value === null) continue;
      filter[key] = value;
      rows = rows.filter(keep);
    }
    if (p.user_id && !v.admin) filter.user_id_ignored = true;
    if (p.sort) filter.sort = p.sort;
    const sorted = sortRows([...rows], p.sort);
    const limit = Math.min(500, Math.max(1, p.limit));
    const items = sorted.slice(0, limit);
    const filtered = Object.keys(filter).some((k) => k !== "sort" && k !== "user_id_ignored");
    const owners = new Set(rows.map((r) => r.user_id)).size;
    const summary =
      `${v.admin ? "System has" : "You have"} ${rows.length} ${p.status ?? "automation"} rule(s)` +
      (v.admin ? " (admin view)" : "") +
      (filtered ? ` [filtered, ${owners} owner(s)]` : "") +
      (sorted.length > limit ? ` — showing the first ${limit}` : "") +
      (v.ok ? "" : ` — the gateway could not be read (${v.error})`);
    return ActionResult.success(
      {
        items,
        total: v.visible.length,
        total_matched: rows.length,
        truncated: sorted.length > limit,
        admin_view: v.admin,
        filter,
      },
      summary,
    );
  },
);

const DetailsParams = z.object({
  rule_id: z.number().int().describe("The rule's number (#N)"),
  include_schedule_health: z.boolean().default(true).describe("Add the derived health fields"),
});

const DERIVED = [
  "rule_id",
  "event_type",
  "schedule",
  "is_scheduled",
  "never_triggered",
  "is_failing",
  "success_rate",
  "age_days",
  "action_summary",
  "owner_is_caller",
] as const;

/** The rule as the gateway stores it, plus its rule_id (what details answer without the health fields). */
function storedFields(row: RuleRow): Rule & { rule_id: number } {
  const out: Record<string, unknown> = { ...row };
  for (const k of DERIVED) if (k !== "rule_id") delete out[k];
  return out as unknown as Rule & { rule_id: number };
}

chat.function(
  "get_automation_details",
  {
    description: "Show one automation rule: trigger, actions, counters and health.",
    actionType: "read",
    idProjection: "rule_id",
    params: DetailsParams,
    dataModel: DetailsData,
  },
  async (ctx, p) => {
    const v = await loadVisible(ctx);
    if (!v.ok) return gatewayDown(v.error);
    const row = v.all.find((r) => r.rule_id === p.rule_id);
    if (!row) return notFound(p.rule_id);
    if (!row.owner_is_caller && !v.admin) return notYours(p.rule_id);
    const data = p.include_schedule_health ? row : storedFields(row);
    const whose = row.owner_is_caller ? "your rule" : `owner ${row.user_id}`;
    return ActionResult.success(data, `Rule #${row.rule_id} (${whose}): ${cut(row.prompt, 80)}`);
  },
);

const OwnersParams = z.object({
  user_id: z.string().default("").describe("Admins only: an owner id or a fragment of one"),
  include_rule_ids: z.boolean().default(true),
});

chat.function(
  "automation_owners",
  {
    description: "Group automation rules by owner with per-owner counts (admins see every owner).",
    actionType: "read",
    params: OwnersParams,
    dataModel: OwnersData,
  },
  async (ctx, p) => {
    const v = await loadVisible(ctx);
    if (!v.ok) return gatewayDown(v.error);
    const frag = v.admin ? p.user_id.toLowerCase() : "";
    const rows = v.visible.filter((r) => !frag || r.user_id.toLowerCase().includes(frag));
    const buckets = new Map<string, RuleRow[]>();
    for (const r of rows) buckets.set(r.user_id, [...(buckets.get(r.user_id) ?? []), r]);
    const owners = [...buckets].map(([user_id, rs]) => {
      const created = rs
        .map((r) => r.created_at)
        .filter((c): c is string => !!c)
        .sort();
      return {
        user_id,
        total: rs.length,
        active: rs.filter((r) => r.status === "active").length,
        paused: rs.filter((r) => r.status === "paused").length,
        failing: rs.filter((r) => r.is_failing).length,
        never_triggered: rs.filter((r) => r.never_triggered).length,
        scheduled: rs.filter((r) => r.is_scheduled).length,
        total_runs: rs.reduce((n, r) => n + r.trigger_count, 0),
        total_failures: rs.reduce((n, r) => n + r.fail_count, 0),
        first_created: created[0] ?? null,
        last_created: created[created.length - 1] ?? null,
        ...(p.include_rule_ids ? { rule_ids: rs.map((r) => r.rule_id).sort((a, b) => a - b) } : {}),
      };
    });
    owners.sort((a, b) => b.total - a.total || a.user_id.localeCompare(b.user_id));
    return ActionResult.success(
      { owners, total_owners: owners.length, total_rules: rows.length, admin_view: v.admin },
      `${owners.length} owner(s), ${rows.length} rule(s)${v.admin ? " (admin view)" : ""}`,
    );
  },
);
