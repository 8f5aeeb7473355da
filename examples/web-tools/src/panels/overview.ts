// The overview: every monitor's health at a glance, and the new-monitor form.
import { ui, type UINode } from "@imperal/sdk";
import { ext } from "../app.js";
import { DOMAIN_PATTERN, INTERVALS, MAX_MONITORS } from "../limits.js";
import { STATUS_ORDER, type Status } from "../status.js";
import { C, getOwn, listOwn, type Group, type Monitor, type Snapshot } from "../store.js";

const COLOR = { ok: "green", warning: "yellow", critical: "red", unknown: "gray" } as const;
const every = (h: number) => (h === 24 ? "every day" : h === 168 ? "every week" : `every ${h} h`);

function header(): UINode {
  return ui.row(
    [
      ui.text("Domain Health", { weight: "bold" }),
      ui.tooltip("Set up groups, profiles and monitors", [
        ui.button("", { icon: "settings", variant: "ghost", onClick: ui.call("__panel__setup") }),
      ]),
      ui.tooltip("Create a monitor", [
        ui.button("+ New Monitor", { size: "sm", onClick: ui.call("__panel__overview", { view: "new" }) }),
      ]),
    ],
    { sticky: true, justify: "between", align: "center" },
  );
}

function newMonitor(count: number): UINode {
  const back = ui.backButton({ onClick: ui.call("__panel__overview", { view: "monitors" }) });
  if (count >= MAX_MONITORS)
    return ui.stack([
      back,
      ui.alert(`You have ${count}/${MAX_MONITORS} monitors, the most there can be.`, { type: "warn" }),
    ]);
  const form = ui.form(
    [
      ui.input("name", { label: "Name", required: true }),
      ui.tagInput("domains", {
        label: "Domains",
        delimiters: [","],
        validate: DOMAIN_PATTERN,
        validateMessage: "Enter a valid domain",
      }),
      ui.row(
        [
          ui.toggle("ssl", { label: "SSL", value: true }),
          ui.toggle("http", { label: "HTTP", value: true }),
          ui.toggle("email", { label: "Email", value: true }),
          ui.toggle("blacklist", { label: "BL", value: true }),
          ui.toggle("geo", { label: "Geo", value: false }),
          ui.toggle("whois", { label: "WHOIS", value: false }),
        ],
        { wrap: true },
      ),
      ui.select(
        "interval_hours",
        INTERVALS.map((h) => ({ label: every(h), value: String(h) })),
        { label: "Interval", value: "24" },
      ),
    ],
    {
      onSubmit: ui.call("create_monitor_full"),
      submitLabel: "Create monitor",
      defaults: { interval_hours: "24", ssl: true, http: true, email: true, blacklist: true, geo: false, whois: false },
    },
  );
  return ui.stack([back, ui.card([form], { title: "New Monitor" })]);
}

ext.panel(
  "overview",
  { slot: "right", title: "Domain Health", icon: "activity", refresh: "on_event:scan.completed", defaultWidth: 420 },
  async (ctx, props) => {
    const monitors = await listOwn<Monitor>(ctx, C.monitors);
    if (props.view === "new") return newMonitor(monitors.length);
    if (monitors.length === 0)
      return ui.stack([
        header(),
        ui.empty("No monitors yet — create one to watch your domains.", { icon: "activity" }),
      ]);
    const rows = await Promise.all(
      monitors.map(async (m) => ({
        m,
        snap: await getOwn<Snapshot>(ctx, C.snapshots, m.last_snapshot_id),
        group: await getOwn<Group>(ctx, C.groups, m.group_id),
      })),
    );
    const statusOf = (r: (typeof rows)[number]) => (r.snap?.status ?? "unknown") as Status;
    const count = (s: Status) => rows.filter((r) => statusOf(r) === s).length;
    rows.sort((a, b) => STATUS_ORDER[statusOf(a)] - STATUS_ORDER[statusOf(b)]);
    const cards = rows.map((r) => {
      const s = statusOf(r);
      const total = r.snap?.summary.total_domains ?? 0;
      const okN = r.snap?.summary.domains_ok ?? 0;
      const pct = total ? Math.round((okN / total) * 100) : 0;
      return ui.card(
        [
          ui.row([ui.badge(s, { color: COLOR[s] }), ui.text(`${okN}/${total} OK`, { variant: "caption" })], { gap: 8 }),
          ui.progress(pct, { color: pct < 40 ? "red" : pct < 70 ? "yellow" : "green" }),
        ],
        {
          title: r.m.name,
          subtitle: `${r.group?.name ?? "?"} · ${every(r.m.interval_hours)}`,
          onClick: ui.call("__panel__detail", { monitor_id: r.m.id }),
          footer: ui.row(
            [
              ui.text(`Last: ${r.m.last_run_at ? r.m.last_run_at.slice(0, 16).replace("T", " ") : "never"}`, {
                variant: "caption",
              }),
              ui.tooltip("Scan now", [
                ui.button("Scan Now", {
                  size: "sm",
                  variant: "ghost",
                  onClick: ui.call("run_scan", { monitor_id: r.m.id }),
                }),
              ]),
            ],
            { justify: "between" },
          ),
        },
      );
    });
    const critical = count("critical");
    return ui.stack(
      [
        header(),
        ui.stats([
          ui.stat("Monitors", monitors.length),
          ui.stat("OK", count("ok"), { color: "green" }),
          ui.stat("Warning", count("warning"), { color: "yellow" }),
          ui.stat("Critical", critical, { color: "red" }),
        ]),
        critical > 0 && ui.alert(`${critical} monitor(s) critical.`, { type: "error" }),
        ui.chart({
          type: "bar",
          data: rows.map((r) => ({
            name: r.m.name.slice(0, 12),
            OK: r.snap?.summary.domains_ok ?? 0,
            Warning: r.snap?.summary.domains_warning ?? 0,
            Critical: r.snap?.summary.domains_critical ?? 0,
            Unknown: r.snap?.summary.domains_unknown ?? 0,
          })),
          xKey: "name",
          yKeys: ["OK", "Warning", "Critical", "Unknown"],
          colors: ["#16a34a", "#ca8a04", "#dc2626", "#9ca3af"],
          height: 140,
        }),
        ...cards,
      ],
      { gap: 12 },
    );
  },
);
