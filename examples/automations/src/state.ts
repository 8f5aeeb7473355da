// Pausing, resuming and deleting one rule: authorize, change it on the gateway, say whose rule it was.
import { ActionResult, z } from "@imperal/sdk";
import { authorize } from "./access.js";
import { chat } from "./app.js";
import { deleteRule, patchRule, type Gw } from "./gateway.js";
import { DeletedData, StatusData } from "./models.js";
import { ownerSuffix } from "./rules.js";

const RuleId = z.object({ rule_id: z.number().int().describe("The rule's number (#N)") });

/** A failed gateway change: 404 means the gateway does not know the rule (the fail-open path ends here). */
const gatewayFailed = (fn: string, res: Extract<Gw<object>, { ok: false }>) =>
  res.status === 404
    ? ActionResult.error(`${fn}: ${res.error}`, { code: "RULE_NOT_FOUND" })
    : ActionResult.error(`${fn}: ${res.error}`, {
        code: "GATEWAY_ERROR",
        retryable: res.status === 0 || res.status >= 500,
      });

chat.function(
  "pause_automation",
  {
    description: "Pause an automation rule so it stops reacting to its trigger.",
    actionType: "write",
    event: "rule_paused",
    idProjection: "rule_id",
    params: RuleId,
    dataModel: StatusData,
  },
  async (ctx, p) => {
    const auth = await authorize(ctx, p.rule_id);
    if (!auth.ok) return auth.result;
    const res = await patchRule(ctx, p.rule_id, { status: "paused" });
    if (!res.ok) return gatewayFailed("pause_automation", res);
    const other = auth.row && !auth.row.owner_is_caller;
    return ActionResult.success(
      { rule_id: p.rule_id, status: "paused", ...(other ? { user_id: auth.row!.user_id } : {}) },
      `Rule #${p.rule_id} paused${ownerSuffix(auth.row, ctx.user.imperalId)}`,
    );
  },
);

chat.function(
  "resume_automation",
  {
    description: "Resume a paused automation rule; its trigger count starts again from zero.",
    actionType: "write",
    event: "rule_resumed",
    idProjection: "rule_id",
    params: RuleId,
    dataModel: StatusData,
  },
  async (ctx, p) => {
    const auth = await authorize(ctx, p.rule_id);
    if (!auth.ok) return auth.result;
    // Resetting the count re-arms quota and cooldown logic that keys off it on the platform side.
    const res = await patchRule(ctx, p.rule_id, { status: "active", trigger_count: 0 });
    if (!res.ok) return gatewayFailed("resume_automation", res);
    const other = auth.row && !auth.row.owner_is_caller;
    return ActionResult.success(
      {
        rule_id: p.rule_id,
        status: "active",
        ...(other ? { user_id: auth.row!.user_id } : {}),
        trigger_count_reset: true,
      },
      `Rule #${p.rule_id} resumed${ownerSuffix(auth.row, ctx.user.imperalId)}`,
    );
  },
);

chat.function(
  "delete_automation",
  {
    description: "Delete an automation rule for good; the receipt keeps what it was.",
    actionType: "destructive",
    event: "rule_deleted",
    effects: ["delete:automation"],
    idProjection: "rule_id",
    params: RuleId,
    dataModel: DeletedData,
  },
  async (ctx, p) => {
    const auth = await authorize(ctx, p.rule_id);
    if (!auth.ok) return auth.result;
    const row = auth.row; // the snapshot taken before the rule is gone
    const res = await deleteRule(ctx, p.rule_id);
    if (!res.ok) return gatewayFailed("delete_automation", res);
    const receipt: Record<string, unknown> = { rule_id: p.rule_id, deleted: true };
    if (row) {
      const fields: Array<[string, unknown]> = [
        ["user_id", row.owner_is_caller ? undefined : row.user_id],
        ["deleted_prompt", row.prompt],
        ["deleted_event_type", row.event_type],
        ["deleted_schedule", row.schedule],
        ["deleted_created_at", row.created_at],
        ["deleted_trigger_count", row.trigger_count],
      ];
      for (const [k, v] of fields) if (v !== undefined && v !== null && v !== "") receipt[k] = v;
    }
    return ActionResult.success(
      receipt as z.infer<typeof DeletedData>,
      `Rule #${p.rule_id} deleted${ownerSuffix(row, ctx.user.imperalId)}`,
    );
  },
);
