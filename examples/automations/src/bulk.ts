// Bulk pause/resume/delete with the extension's own safety on top of the kernel's confirmation: a dry run by
// default, no unfiltered "every rule", every id checked before anything changes, and confirm=true for deletes.
import { ActionResult, z } from "@imperal/sdk";
import { loadVisible } from "./access.js";
import { chat } from "./app.js";
import { deleteRule, patchRule } from "./gateway.js";
import { BulkData } from "./models.js";
import { cut, matchesSearch, RULE_STATUSES, type RuleRow } from "./rules.js";

const OPERATIONS = ["pause", "resume", "delete"] as const;
type Operation = (typeof OPERATIONS)[number];

const BulkParams = z.object({
  rule_ids: z.array(z.number().int()).default([]).describe("Rules to change; empty = select by the filters"),
  operation: z.string().describe("pause, resume or delete"),
  user_id: z.string().default("").describe("Admins only: an owner id or a fragment of one"),
  status: z.string().default("").describe("Select rules with this status (active, paused, error)"),
  event_type: z.string().default("").describe("Select rules whose event type contains this"),
  search: z.string().default("").describe("Select rules whose text contains this"),
  never_triggered: z.boolean().default(false),
  failing_only: z.boolean().default(false),
  dry_run: z.boolean().default(true).describe("Preview only (default); false applies the change"),
  confirm: z.boolean().default(false).describe("Must be true to really delete"),
});

const retry = (message: string, code: string) => ActionResult.error(message, { code, retryable: true });

/** The rules a call selects, or the reason it selects none safely. */
function select(
  p: z.infer<typeof BulkParams>,
  visible: RuleRow[],
  admin: boolean,
): { rows: RuleRow[] } | { error: ActionResult<never> } {
  if (p.rule_ids.length > 0) {
    const ids = [...new Set(p.rule_ids)];
    const missing = ids.filter((id) => !visible.some((r) => r.rule_id === id));
    if (missing.length)
      return {
        error: ActionResult.error(
          `These rule(s) do not exist or are not yours: [${missing.join(", ")}]. Nothing was changed.`,
          { code: "RULES_NOT_FOUND" },
        ),
      };
    return { rows: visible.filter((r) => ids.includes(r.rule_id)) };
  }
  const owner = admin ? p.user_id.trim().toLowerCase() : ""; // non-admins only ever act on their own rules
  const filtered = !!(
    owner ||
    p.status ||
    p.event_type.trim() ||
    p.search.trim() ||
    p.never_triggered ||
    p.failing_only
  );
  if (!filtered)
    return {
      error: retry(
        "Refusing to act on EVERY rule: pass rule_ids or at least one filter (status, event_type, search, " +
          "never_triggered, failing_only" +
          (admin ? ", user_id" : "") +
          "). Nothing was changed.",
        "UNFILTERED_BULK",
      ),
    };
  const ev = p.event_type.trim().toLowerCase();
  return {
    rows: visible.filter(
      (r) =>
        (!owner || r.user_id.toLowerCase().includes(owner)) &&
        (!p.status || r.status === p.status) &&
        (!ev || r.event_type.toLowerCase().includes(ev)) &&
        matchesSearch(r, p.search) &&
        (!p.never_triggered || r.never_triggered) &&
        (!p.failing_only || r.is_failing),
    ),
  };
}

async function apply(ctx: Parameters<typeof patchRule>[0], op: Operation, id: number) {
  if (op === "delete") return deleteRule(ctx, id);
  return patchRule(ctx, id, op === "pause" ? { status: "paused" } : { status: "active", trigger_count: 0 });
}

chat.function(
  "bulk_automation_action",
  {
    description: "Pause, resume or delete several automation rules at once; a dry run (preview) unless dry_run=false.",
    actionType: "destructive",
    event: "rules_bulk_changed",
    effects: ["update:automation", "delete:automation"],
    params: BulkParams,
    dataModel: BulkData,
  },
  async (ctx, p) => {
    if (!(OPERATIONS as readonly string[]).includes(p.operation))
      return retry(`operation must be one of ${OPERATIONS.join(", ")} (got '${p.operation}').`, "INVALID_OPERATION");
    if (p.status && !(RULE_STATUSES as readonly string[]).includes(p.status))
      return retry(`status must be one of ${RULE_STATUSES.join(", ")} (got '${p.status}').`, "INVALID_STATUS");
    const op = p.operation as Operation;
    const v = await loadVisible(ctx);
    if (!v.ok)
      return ActionResult.error(`Could not load automations from the gateway: ${v.error}. Nothing was changed.`, {
        code: "GATEWAY_UNAVAILABLE",
        retryable: true,
      });
    const sel = select(p, v.visible, v.admin);
    if ("error" in sel) return sel.error;
    const items = sel.rows.map((r) => ({
      rule_id: r.rule_id,
      user_id: r.user_id,
      prompt: cut(r.prompt, 80),
      status: r.status,
      event_type: r.event_type,
    }));
    const base = { operation: op, selected: items.length, admin_view: v.admin, items };
    // The original documents confirm as required for deletes but never checks it; this port enforces it.
    const needsConfirm = op === "delete" && !p.dry_run && !p.confirm;
    if (p.dry_run || needsConfirm) {
      const how = needsConfirm
        ? "Deleting needs confirm=true: re-run with dry_run=false and confirm=true to apply."
        : "Re-run with dry_run=false to apply.";
      return ActionResult.success(
        { ...base, succeeded: [], failed: [], dry_run: true, ...(needsConfirm ? { confirm_required: true } : {}) },
        `DRY RUN — ${op} would affect ${items.length} rule(s). ${how}`,
        { refreshPanels: [] },
      );
    }
    if (items.length === 0)
      return ActionResult.success(
        { ...base, succeeded: [], failed: [], dry_run: false },
        `No rules matched: nothing to ${op}.`,
        { refreshPanels: [] },
      );
    const succeeded: number[] = [];
    const failed: Array<{ rule_id: number; error: string }> = [];
    for (const r of sel.rows) {
      const res = await apply(ctx, op, r.rule_id);
      if (res.ok) succeeded.push(r.rule_id);
      else failed.push({ rule_id: r.rule_id, error: res.error });
    }
    const verdict = failed.length === 0 ? "all" : succeeded.length === 0 ? "none" : "partial";
    const n = items.length;
    const summary =
      verdict === "all"
        ? `Bulk ${op}: all ${n} rule(s) done.`
        : verdict === "partial"
          ? `Bulk ${op}: partial — ${succeeded.length} of ${n} done, ${failed.length} failed (${failed.map((f) => `#${f.rule_id}`).join(", ")}).`
          : `Bulk ${op}: none of ${n} rule(s) could be changed (${failed[0]!.error}).`;
    // rules_bulk_changed is not in the panels' on_event list (kept as the original has it), so name them here.
    return ActionResult.success({ ...base, succeeded, failed, dry_run: false, verdict }, summary, {
      refreshPanels: succeeded.length ? ["sidebar", "workshop"] : [],
    });
  },
);
