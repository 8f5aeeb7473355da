// The left sidebar "AI Agents": health badges, then every rule as an expandable row with its controls.
import { ui, type UINode } from "@imperal/sdk";
import { loadVisible } from "../access.js";
import { ext } from "../app.js";
import { cut, healthOf, HEALTH_COLOR, NOTIFY_MODES, sortRows, type RuleRow } from "../rules.js";

const ATTENTION = new Set(["error", "failing", "unstable"]);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "never");
const money = (n: number) => `$${n.toFixed(2)}`;

function badges(rows: RuleRow[]): UINode {
  const attention = rows.filter((r) => ATTENTION.has(healthOf(r))).length;
  const cost = rows.reduce((n, r) => n + (typeof r.cost_usd === "number" ? r.cost_usd : 0), 0);
  return ui.stack(
    [
      ui.badge(`${attention} need attention`, { color: "red" }),
      ui.badge(`${rows.filter((r) => r.status === "active").length} running`, { color: "green" }),
      ui.badge(`${rows.filter((r) => r.status === "paused").length} paused`, { color: "yellow" }),
      ...(cost > 0 ? [ui.badge(`${money(cost)} lifetime`, { color: "blue" })] : []),
    ],
    { direction: "horizontal", wrap: true, gap: 1, sticky: true },
  );
}

function controls(r: RuleRow): UINode[] {
  const id = { rule_id: r.rule_id };
  const toggle =
    r.status === "paused"
      ? ui.button("Resume", { size: "sm", icon: "play", onClick: ui.call("resume_automation", id) })
      : ui.button("Pause", { size: "sm", icon: "pause", onClick: ui.call("pause_automation", id) });
  // No confirm string here, as in the original: whether a panel's destructive call is gated is the kernel's
  // confirmation setting (tested both ways in test/kernel.test.ts).
  const del = ui.button("Delete", {
    size: "sm",
    variant: "danger",
    icon: "trash-2",
    onClick: ui.call("delete_automation", id),
  });
  const edit = ui.button("Open editor", {
    size: "sm",
    variant: "outline",
    icon: "pencil",
    onClick: ui.call("__panel__workshop", { edit_rule_id: r.rule_id, __center_opened: true }),
  });
  const notify = NOTIFY_MODES.map((m) =>
    ui.button(m === "all" ? "All" : m === "failures" ? "Failures" : "Off", {
      size: "sm",
      variant: r.notify_mode === m ? "primary" : "ghost",
      onClick: ui.call("update_automation", { rule_id: r.rule_id, notify_mode: m }),
    }),
  );
  return [
    ui.stack([toggle, edit, del], { direction: "horizontal", wrap: true, gap: 1 }),
    ui.stack([ui.text("Notify:", { variant: "caption" }), ...notify], { direction: "horizontal", gap: 1 }),
  ];
}

function item(r: RuleRow, me: string): UINode {
  const health = healthOf(r);
  const cost = typeof r.cost_usd === "number" && r.cost_usd > 0 ? ` · Cost: ${money(r.cost_usd)}` : "";
  const owner = r.user_id === me ? "" : ` · Owner: ${r.user_id}`;
  return ui.listItem({
    id: `rule-${r.rule_id}`,
    title: cut(r.prompt, 80) || `Rule #${r.rule_id}`,
    badge: ui.badge(health, { color: HEALTH_COLOR[health] }),
    subtitle: `${health} (${r.status}) · Runs: ${r.trigger_count} · Last: ${day(r.last_triggered)} · Event: ${r.event_type}${cost}${owner}`,
    expandable: true,
    expandedContent: ui.stack(
      [
        ui.markdown(`**Rule #${r.rule_id}** — ${r.prompt}\n\n${r.interpretation}`),
        ui.keyValue(
          [
            { key: "Trigger", value: r.schedule ? `${r.event_type} (${r.schedule})` : r.event_type },
            { key: "Cooldown", value: `${r.cooldown_seconds}s` },
            { key: "Notify", value: r.notify_mode },
            { key: "Runs", value: r.trigger_count },
            { key: "Successes", value: r.success_count },
            { key: "Failures", value: r.fail_count },
            { key: "Last triggered", value: r.last_triggered ?? "never" },
            { key: "Last error", value: cut(r.last_error, 140) || "—" },
          ],
          { columns: 2 },
        ),
        ui.text(`Action: ${r.action_summary || "—"}`, { variant: "muted" }),
        ...controls(r),
      ],
      { gap: 2 },
    ),
  });
}

ext.panel(
  "sidebar",
  {
    slot: "left",
    title: "AI Agents",
    icon: "bot",
    refresh: "on_event:rule_created,rule_paused,rule_resumed,rule_deleted,rule_updated",
    defaultWidth: 320,
    minWidth: 240,
    maxWidth: 500,
  },
  async (ctx, props) => {
    const v = await loadVisible(ctx);
    // Opening the workshop once per session: the flag comes back in the props of the panel it opened.
    const auto = props.__center_opened ? {} : { autoAction: ui.call("__panel__workshop", { __center_opened: true }) };
    if (!v.ok)
      return ui.stack(
        [ui.error(`Couldn't load your automations: ${v.error}.`, { retry: ui.call("__panel__sidebar", props) })],
        { gap: 2 },
      );
    if (v.visible.length === 0)
      return ui.stack(
        [
          badges([]),
          ui.empty("No automations yet. An automation runs an AI agent when an event happens or on a schedule.", {
            icon: "bot",
            action: ui.button("Create your first automation", {
              variant: "primary",
              icon: "plus",
              onClick: ui.call("__panel__workshop", { __center_opened: true }),
            }),
          }),
        ],
        { gap: 2, ...auto },
      );
    const me = ctx.user.imperalId;
    return ui.stack(
      [
        badges(v.visible),
        ui.divider({ label: `Rules (${v.visible.length})` }),
        ui.list(
          sortRows([...v.visible], "newest").map((r) => item(r, me)),
          { searchable: true },
        ),
      ],
      { gap: 2, ...auto },
    );
  },
);
