// What the functions return (dataModel): the classifier reads these shapes, and tests check data against them.
import { z } from "@imperal/sdk";

export const ActionModel = z.union([
  z.object({ message: z.string() }),
  z.object({ app_id: z.string(), tool: z.string(), args: z.record(z.string(), z.unknown()).optional() }),
]);

export const RuleModel = z.object({
  id: z.number().int(),
  user_id: z.string(),
  tenant_id: z.string(),
  prompt: z.string(),
  trigger_filter: z.object({ event_type: z.string(), schedule: z.string().optional() }),
  actions: z.array(ActionModel),
  interpretation: z.string(),
  cooldown_seconds: z.number(),
  notify_mode: z.enum(["all", "failures", "off"]),
  status: z.enum(["active", "paused", "error"]),
  trigger_count: z.number(),
  success_count: z.number(),
  fail_count: z.number(),
  last_error: z.string().nullable(),
  last_triggered: z.string().nullable(),
  created_at: z.string().nullable(),
  cost_usd: z.number().optional(),
});

export const RowModel = RuleModel.extend({
  rule_id: z.number().int(),
  event_type: z.string(),
  schedule: z.string(),
  is_scheduled: z.boolean(),
  never_triggered: z.boolean(),
  is_failing: z.boolean(),
  success_rate: z.number(),
  age_days: z.number(),
  action_summary: z.string(),
  owner_is_caller: z.boolean(),
});

export const ListData = z.object({
  items: z.array(RowModel),
  total: z.number().int(),
  total_matched: z.number().int(),
  truncated: z.boolean(),
  admin_view: z.boolean(),
  filter: z.record(z.string(), z.unknown()),
});

export const DetailsData = z.union([RowModel, RuleModel.extend({ rule_id: z.number().int() })]);

export const OwnerBucket = z.object({
  user_id: z.string(),
  total: z.number().int(),
  active: z.number().int(),
  paused: z.number().int(),
  failing: z.number().int(),
  never_triggered: z.number().int(),
  scheduled: z.number().int(),
  total_runs: z.number().int(),
  total_failures: z.number().int(),
  first_created: z.string().nullable(),
  last_created: z.string().nullable(),
  rule_ids: z.array(z.number().int()).optional(),
});
export const OwnersData = z.object({
  owners: z.array(OwnerBucket),
  total_owners: z.number().int(),
  total_rules: z.number().int(),
  admin_view: z.boolean(),
});

export const CreatedData = z.object({ rule_id: z.number().int(), rule: RuleModel });
export const UpdatedData = z.object({ rule_id: z.number().int(), status: z.string() });
export const StatusData = z.object({
  rule_id: z.number().int(),
  status: z.string(),
  user_id: z.string().optional(),
  trigger_count_reset: z.boolean().optional(),
});
export const DeletedData = z.object({
  rule_id: z.number().int(),
  deleted: z.literal(true),
  user_id: z.string().optional(),
  deleted_prompt: z.string().optional(),
  deleted_event_type: z.string().optional(),
  deleted_schedule: z.string().optional(),
  deleted_created_at: z.string().optional(),
  deleted_trigger_count: z.number().optional(),
});

export const BulkPreview = z.object({
  rule_id: z.number().int(),
  user_id: z.string(),
  prompt: z.string(),
  status: z.string(),
  event_type: z.string(),
});
export const BulkData = z.object({
  operation: z.enum(["pause", "resume", "delete"]),
  selected: z.number().int(),
  succeeded: z.array(z.number().int()),
  failed: z.array(z.object({ rule_id: z.number().int(), error: z.string() })),
  dry_run: z.boolean(),
  admin_view: z.boolean(),
  items: z.array(BulkPreview),
  verdict: z.enum(["all", "partial", "none"]).optional(),
  confirm_required: z.boolean().optional(),
});
