// Creating and editing rules: the validation matrix (fields, catalog, cron, quota) shared by both.
import { ActionResult, z } from "@imperal/sdk";
import { authorize } from "./access.js";
import { chat } from "./app.js";
import { eventCatalog, eventProblem, scheduleProblem } from "./catalog.js";
import { createRule, patchRule } from "./gateway.js";
import { CreatedData, UpdatedData } from "./models.js";
import { cut, NOTIFY_MODES, type RuleAction } from "./rules.js";

const ToolAction = z.object({
  app_id: z.string().min(1).describe("Extension whose tool the agent calls"),
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
});

const CreateParams = z.object({
  event_type: z.string().describe("Trigger event from the catalog, e.g. notes.created or system.scheduled"),
  action_description: z.string().describe("What the agent should do when the event fires"),
  schedule: z.string().default("").describe("5-field UTC cron; required for system.scheduled"),
  cooldown_seconds: z.number().int().min(0).default(60).describe("Minimum seconds between two runs"),
  action: ToolAction.nullable().default(null).describe("A tool to call instead of a message"),
  notify_mode: z.string().default("all").describe("all, failures or off"),
});

const invalid = (message: string, code: string) => ActionResult.error(message, { code, retryable: true });
const notifyProblem = (mode: string) =>
  (NOTIFY_MODES as readonly string[]).includes(mode)
    ? null
    : invalid(`notify_mode must be one of ${NOTIFY_MODES.join(", ")} (got '${mode}').`, "INVALID_NOTIFY_MODE");

chat.function(
  "create_automation",
  {
    description: "Create an automation rule: when an event fires (or on a cron schedule), the agent acts.",
    actionType: "write",
    event: "rule_created",
    effects: ["create:automation"],
    params: CreateParams,
    dataModel: CreatedData,
  },
  async (ctx, p) => {
    const event_type = p.event_type.trim();
    const description = p.action_description.trim();
    const schedule = p.schedule.trim();
    if (!event_type) return invalid("event_type is required: pick one from the event catalog.", "MISSING_FIELD");
    if (!description) return invalid("action_description is required: say what the agent should do.", "MISSING_FIELD");
    const problem = eventProblem(event_type, eventCatalog(ctx)) ?? scheduleProblem(event_type, schedule);
    if (problem) return problem;
    const bad = notifyProblem(p.notify_mode);
    if (bad) return bad;
    const actions: RuleAction[] = p.action ? [p.action] : [{ message: description }];
    const res = await createRule(ctx, {
      user_id: ctx.user.imperalId,
      tenant_id: ctx.tenant.tenantId,
      prompt: `When ${event_type}: ${description}`,
      trigger_filter: { event_type, ...(schedule ? { schedule } : {}) },
      actions,
      interpretation: cut(description, 200),
      cooldown_seconds: p.cooldown_seconds,
      notify_mode: p.notify_mode,
    });
    if (!res.ok) {
      if ("quota" in res) {
        const q = res.quota;
        return ActionResult.error(
          `automation_quota_exceeded: cap=${q.cap} used=${q.used} plan=${q.plan} source=${q.source}`,
          { code: "AUTOMATION_QUOTA_EXCEEDED", retryable: false },
        );
      }
      return ActionResult.error(`create_automation: ${res.error}`, {
        code: "GATEWAY_ERROR",
        retryable: res.status === 0 || res.status >= 500,
      });
    }
    return ActionResult.success(
      { rule_id: res.rule.id, rule: res.rule },
      `Rule #${res.rule.id} created: ${cut(res.rule.prompt, 80)}`,
    );
  },
);

const UpdateParams = z.object({
  rule_id: z.number().int().describe("The rule's number (#N)"),
  action_description: z.string().nullable().default(null),
  event_type: z.string().nullable().default(null),
  schedule: z.string().nullable().default(null).describe('5-field UTC cron; "" removes it'),
  cooldown_seconds: z.number().int().min(0).nullable().default(null),
  status: z.string().nullable().default(null).describe("active or paused"),
  action: ToolAction.nullable().default(null),
  notify_mode: z.string().nullable().default(null).describe("all, failures or off"),
});

chat.function(
  "update_automation",
  {
    description: "Change an automation rule: its trigger, schedule, action, cooldown, status or notifications.",
    actionType: "write",
    event: "rule_updated",
    idProjection: "rule_id",
    params: UpdateParams,
    dataModel: UpdatedData,
  },
  async (ctx, raw) => {
    // The workshop's edit form sends every field; an unset select arrives as "" and means "leave it".
    const p = { ...raw, status: raw.status || null, notify_mode: raw.notify_mode || null };
    if (p.status !== null && p.status !== "active" && p.status !== "paused")
      return invalid(`status must be active or paused (got '${p.status}').`, "INVALID_STATUS");
    if (p.notify_mode !== null) {
      const bad = notifyProblem(p.notify_mode);
      if (bad) return bad;
    }
    const given = [
      p.action_description,
      p.event_type,
      p.schedule,
      p.cooldown_seconds,
      p.status,
      p.action,
      p.notify_mode,
    ];
    if (given.every((v) => v === null))
      return invalid("Nothing to update — provide at least one field.", "NOTHING_TO_UPDATE");
    const auth = await authorize(ctx, p.rule_id);
    if (!auth.ok) return auth.result;
    const row = auth.row;
    const patch: Record<string, unknown> = {};
    const event = p.event_type?.trim() ?? row?.event_type ?? "";
    if (p.event_type !== null || p.schedule !== null) {
      if (p.event_type !== null) {
        if (!event) return invalid("event_type cannot be empty.", "MISSING_FIELD");
        const ep = eventProblem(event, eventCatalog(ctx));
        if (ep) return ep;
      }
      const schedule = p.schedule?.trim() ?? row?.schedule ?? "";
      // With the rule unknown (fail-open) only what was given can be checked; the gateway checks the rest.
      if (event) {
        const sp = scheduleProblem(event, schedule);
        if (sp) return sp;
      }
      patch.trigger_filter = {
        ...(event ? { event_type: event } : {}),
        ...(p.schedule !== null || row ? { schedule } : {}),
      };
    }
    const description = p.action_description?.trim() ?? null;
    if (description === "") return invalid("action_description cannot be empty.", "MISSING_FIELD");
    const text = description ?? row?.interpretation ?? null;
    if (text !== null && event && (description !== null || p.event_type !== null)) {
      patch.prompt = `When ${event}: ${text}`;
      patch.interpretation = cut(text, 200);
    }
    if (p.action) patch.actions = [p.action];
    else if (description !== null && row && row.actions.every((a) => "message" in a))
      patch.actions = [{ message: description }]; // a message-only rule says what its description says
    if (p.cooldown_seconds !== null) patch.cooldown_seconds = p.cooldown_seconds;
    if (p.status !== null) patch.status = p.status;
    if (p.notify_mode !== null) patch.notify_mode = p.notify_mode;
    const res = await patchRule(ctx, p.rule_id, patch);
    if (!res.ok && res.status === 404)
      return ActionResult.error(`update_automation: ${res.error}`, { code: "RULE_NOT_FOUND" });
    if (!res.ok)
      return ActionResult.error(`update_automation: ${res.error}`, {
        code: "GATEWAY_ERROR",
        retryable: res.status === 0 || res.status >= 500,
      });
    return ActionResult.success(
      { rule_id: p.rule_id, status: p.status ?? row?.status ?? "unknown" },
      `Rule #${p.rule_id} updated`,
    );
  },
);
