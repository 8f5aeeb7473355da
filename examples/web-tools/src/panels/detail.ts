// One monitor in detail: per-domain results, settings.
import { ui, type UINode } from "@imperal/sdk";
import { ext } from "../app.js";
import { INTERVALS } from "../limits.js";
import { rollUp, type Status } from "../status.js";
import { C, getOwn, type Group, type Monitor, type Snapshot } from "../store.js";

const COLOR = { ok: "green", warning: "yellow", critical: "red", unknown: "gray" } as const;
const toOverview = ui.call("__panel__overview", { view: "monitors" });
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "Never scanned");

function settings(m: Monitor & { id: string }): UINode {
  return ui.accordion([
    {
      id: "settings",
      title: "Settings",
      children: [
        ui.form(
          [
            ui.input("name", { label: "Name", value: m.name }),
            ui.select(
              "interval_hours",
              INTERVALS.map((h) => ({ label: `${h} h`, value: String(h) })),
              {
                label: "Interval",
                value: String(m.interval_hours),
              },
            ),
          ],
          { onSubmit: ui.call("update_monitor"), submitLabel: "Save", defaults: { monitor_id: m.id } },
        ),
      ],
    },
  ]);
}

ext.panel(
  "detail",
  { slot: "right", title: "Monitor Detail", refresh: "on_event:scan.completed" },
  async (ctx, props) => {
    const id = typeof props.monitor_id === "string" ? props.monitor_id : "";
    if (!id) return ui.stack([ui.backButton({ onClick: toOverview }), ui.empty("Choose a monitor in Domain Health.")]);
    const m = await getOwn<Monitor>(ctx, C.monitors, id);
    if (!m)
      return ui.stack([ui.backButton({ onClick: toOverview }), ui.error("Monitor not found.", { retry: toOverview })]);
    const group = await getOwn<Group>(ctx, C.groups, m.group_id);
    const snap = await getOwn<Snapshot>(ctx, C.snapshots, m.last_snapshot_id);
    const status = (snap?.status ?? "unknown") as Status;
    const toolbar = ui.row(
      [
        ui.tooltip("Back to Domain Health", [ui.backButton({ onClick: toOverview })]),
        ui.text(m.name, { weight: "bold" }),
        ui.badge(status, { color: COLOR[status] }),
        ui.tooltip("Scan now", [
          ui.button("Scan Now", { size: "sm", onClick: ui.call("run_scan", { monitor_id: m.id }) }),
        ]),
      ],
      { sticky: true, align: "center", gap: 8 },
    );
    const caption = ui.text(`${group?.name ?? "?"} · every ${m.interval_hours} h · Last scan: ${when(m.last_run_at)}`, {
      variant: "caption",
    });
    if (!snap) return ui.stack([toolbar, caption, ui.empty("No scan results yet — press Scan Now"), settings(m)]);
    const perCheck: Record<Status, number> = { ok: 0, warning: 0, critical: 0, unknown: 0 };
    for (const checks of Object.values(snap.domains))
      for (const r of Object.values(checks)) perCheck[r.status as Status]++;
    const domains = Object.entries(snap.domains).map(([domain, checks]) => {
      const s = rollUp(Object.values(checks).map((r) => r.status as Status));
      return ui.listItem({
        title: domain,
        badge: ui.badge(s, { color: COLOR[s] }),
        expandable: true,
        expandedContent: ui.keyValue(
          Object.fromEntries(
            Object.entries(checks).map(([c, r]) => [c, r.error ? `${r.status} (${r.error})` : r.status]),
          ),
          { columns: 2 },
        ),
      });
    });
    const sm = snap.summary;
    return ui.stack(
      [
        toolbar,
        caption,
        ui.chart({
          type: "pie",
          data: Object.entries(perCheck).map(([k, v]) => ({ status: k, count: v })),
          xKey: "status",
          yKeys: ["count"],
          height: 160,
        }),
        ui.text(
          `${sm.total_domains} domain(s): ${sm.domains_ok} ok, ${sm.domains_warning} warning, ${sm.domains_critical} critical, ${sm.domains_unknown} unknown`,
          { variant: "caption" },
        ),
        sm.domains_critical > 0 && ui.alert(`${sm.domains_critical} domain(s) critical.`, { type: "error" }),
        ui.list(domains, { searchable: true }),
        settings(m),
      ],
      { gap: 12 },
    );
  },
);
