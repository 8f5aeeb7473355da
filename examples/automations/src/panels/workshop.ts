// The workshop (center overlay): totals, a create form or the edit form of one rule, and the outcomes table.
import { ui, type UINode } from "@imperal/sdk";
import { loadVisible } from "../access.js";
import { ext } from "../app.js";
import { eventCatalog, FALLBACK_EVENTS, type CatalogEvent } from "../catalog.js";
import { cut, NOTIFY_MODES, sortRows, type RuleRow } from "../rules.js";

const TIPS = [
  "**Tips**",
  "- `system.scheduled` rules need a 5-field UTC cron, e.g. `0 9 * * 1-5` (09:00 on weekdays).",
  "- The cooldown is the least time between two runs of one rule.",
  "- In chat, bulk changes are a dry run first: ask for the preview, then apply it.",
].join("\n");

const clampCooldown = (n: number) => Math.min(3600, Math.max(10, Math.round(n / 10) * 10 || 60));
const eventOptions = (events: readonly CatalogEvent[], current?: string) => {
  const opts = events.map((e) => ({ label: e.event_type, value: e.event_type }));
  return current && !opts.some((o) => o.value === current) ? [{ label: current, value: current }, ...opts] : opts;
};

function stats(rows: RuleRow[]): UINode {
  const triggers = rows.reduce((n, r) => n + r.trigger_count, 0);
  const ok = rows.reduce((n, r) => n + r.success_count, 0);
  const fail = rows.reduce((n, r) => n + r.fail_count, 0);
  return ui.stats(
    [
      ui.stat("Rules", rows.length, { icon: "bot" }),
      ui.stat("Triggers", triggers, { icon: "zap" }),
      ui.stat("Successes", ok, { color: "green" }),
      ui.stat("Failures", fail, { color: fail > 0 ? "red" : "gray" }),
      ui.stat("Success rate", triggers > 0 ? `${Math.round((ok / triggers) * 100)}%` : "—"),
    ],
    { columns: 5 },
  );
}

function createForm(events: readonly CatalogEvent[]): UINode {
  const options = eventOptions(events);
  return ui.card(
    [
      ui.form(
        [
          ui.select("event_type", options, { label: "When this happens", value: options[0]?.value, required: true }),
          ui.textArea("action_description", {
            label: "The agent should",
            rows: 4,
            required: true,
            placeholder: "e.g. summarise the new note and send me the summary",
          }),
          ui.input("schedule", { label: "Schedule (cron, UTC; for system.scheduled)", placeholder: "0 9 * * 1-5" }),
          ui.slider("cooldown_seconds", { label: "Cooldown (seconds)", min: 10, max: 3600, step: 10, value: 60 }),
        ],
        {
          onSubmit: ui.call("create_automation"),
          submitLabel: "Create automation",
          confirm: "Create this automation? It runs by itself every time its trigger fires.",
        },
      ),
    ],
    { title: "New automation", subtitle: "Pick a trigger and say what the agent does." },
  );
}

function editForm(r: RuleRow, events: readonly CatalogEvent[]): UINode {
  const status = r.status === "error" ? {} : { value: r.status };
  return ui.card(
    [
      ui.form(
        [
          ui.select("event_type", eventOptions(events, r.event_type), {
            label: "When this happens",
            value: r.event_type,
          }),
          ui.textArea("action_description", { label: "The agent should", rows: 4, value: r.interpretation }),
          ui.input("schedule", { label: "Schedule (cron, UTC)", value: r.schedule }),
          ui.slider("cooldown_seconds", {
            label: "Cooldown (seconds)",
            min: 10,
            max: 3600,
            step: 10,
            value: clampCooldown(r.cooldown_seconds),
          }),
          ui.select("notify_mode", [...NOTIFY_MODES], { label: "Notify me", value: r.notify_mode }),
          ui.select("status", ["active", "paused"], { label: "Status", ...status }),
        ],
        {
          onSubmit: ui.call("update_automation"),
          defaults: { rule_id: r.rule_id },
          submitLabel: "Save changes",
          confirm: `Save changes to rule #${r.rule_id}?`,
        },
      ),
    ],
    { title: `Edit rule #${r.rule_id}`, subtitle: cut(r.prompt, 80) },
  );
}

function outcomes(rows: RuleRow[]): UINode {
  return ui.dataTable({
    columns: [
      { key: "rule", label: "Rule" },
      { key: "status", label: "Status" },
      { key: "runs", label: "Runs", align: "right" },
      { key: "ok", label: "OK", align: "right" },
      { key: "fail", label: "Fail", align: "right" },
      { key: "last_error", label: "Last error" },
    ],
    rows: sortRows([...rows], "newest").map((r) => ({
      rule: `#${r.rule_id} ${cut(r.prompt, 40)}`,
      status: r.status,
      runs: r.trigger_count,
      ok: r.success_count,
      fail: r.fail_count,
      last_error: cut(r.last_error, 80),
    })),
    emptyMessage: "No rules yet: create one above.",
  });
}

ext.panel(
  "workshop",
  {
    slot: "center",
    centerOverlay: true,
    title: "Automation Workshop",
    icon: "bot",
    refresh: "on_event:rule_created,rule_paused,rule_resumed,rule_deleted,rule_updated",
  },
  async (ctx, props) => {
    const v = await loadVisible(ctx);
    const catalog = eventCatalog(ctx);
    const events = catalog.length ? catalog : FALLBACK_EVENTS;
    const raw = props.edit_rule_id;
    const editId = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : null;
    const row = editId === null ? undefined : v.visible.find((r) => r.rule_id === editId);
    const head: UINode[] = [];
    if (!v.ok) head.push(ui.alert(`Couldn't load your automations: ${v.error}.`, { type: "error" }));
    else if (editId !== null && !row)
      head.push(ui.alert(`Rule #${editId} was not found among your automations.`, { type: "warn" }));
    return ui.stack(
      [
        ...head,
        stats(v.visible),
        row ? editForm(row, events) : createForm(events),
        ui.divider({ label: "Outcomes" }),
        outcomes(v.visible),
        ui.markdown(TIPS),
      ],
      { gap: 3 },
    );
  },
);
