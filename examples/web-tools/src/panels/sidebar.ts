// The sidebar: ad-hoc domain and IP scans with the last result.
import { ui, type UINode } from "@imperal/sdk";
import { ext } from "../app.js";
import { DOMAIN_PATTERN } from "../limits.js";
import { C, listOwn } from "../store.js";

const DOMAIN_TOGGLES: Array<[string, string, boolean]> = [
  ["ssl", "SSL", true],
  ["http", "HTTP", true],
  ["email", "Email", true],
  ["blacklist", "BL", true],
  ["geo", "Geo", false],
  ["whois", "WHOIS", false],
  ["ports", "Ports", false],
];
const IP_TOGGLES: Array<[string, string, boolean]> = [
  ["ip_lookup", "Info", true],
  ["blacklist", "BL", true],
  ["reverse", "PTR", true],
  ["ports", "Ports", false],
  ["geo_ping", "Ping", true],
];
const statusColor = (s: string) =>
  s === "ok" ? "green" : s === "warning" ? "yellow" : s === "critical" ? "red" : "gray";

function toggles(list: Array<[string, string, boolean]>): UINode {
  return ui.row(
    list.map(([name, label, value]) => ui.toggle(name, { label, value })),
    { wrap: true, gap: 8 },
  );
}

ext.panel(
  "sidebar",
  { slot: "left", title: "Web Tools", icon: "globe", refresh: "on_event:scan.tool" },
  async (ctx, props) => {
    const view = props.view === "ip" ? "ip" : "domain";
    const tabBar = ui.row(
      [
        ui.button("Domains", {
          variant: view === "domain" ? "secondary" : "ghost",
          onClick: ui.call("__panel__sidebar", { view: "domain" }),
        }),
        ui.button("IPs", {
          variant: view === "ip" ? "secondary" : "ghost",
          onClick: ui.call("__panel__sidebar", { view: "ip" }),
        }),
      ],
      { sticky: true, gap: 4 },
    );
    const list = view === "domain" ? DOMAIN_TOGGLES : IP_TOGGLES;
    const defaults = Object.fromEntries(list.map(([n, , v]) => [n, v]));
    const form =
      view === "domain"
        ? ui.form(
            [
              ui.tagInput("domains", {
                label: "Domains",
                placeholder: "example.com",
                delimiters: [","],
                validate: DOMAIN_PATTERN,
                validateMessage: "Enter a valid domain",
              }),
              toggles(list),
            ],
            { onSubmit: ui.call("run_scan_tool"), submitLabel: "Scan", defaults },
          )
        : ui.form(
            [ui.tagInput("ips", { label: "IP addresses", placeholder: "192.0.2.1", delimiters: [","] }), toggles(list)],
            {
              onSubmit: ui.call("run_ip_scan"),
              submitLabel: "Scan",
              defaults,
            },
          );
    const last = (
      await listOwn<{ created_at: string; results: Record<string, { status?: string }> }>(
        ctx,
        view === "domain" ? C.scans : C.ipScans,
      )
    )[0];
    const results: UINode[] = last
      ? [
          ui.divider({ label: `Last scan ${last.created_at.slice(0, 16).replace("T", " ")}` }),
          ui.list(
            Object.entries(last.results).map(([target, r]) =>
              ui.listItem({
                title: target,
                badge: ui.badge(r.status ?? "unknown", { color: statusColor(r.status ?? "unknown") }),
              }),
            ),
          ),
        ]
      : [];
    return ui.stack([tabBar, form, ...results], { gap: 12 });
  },
);

// Exists only so the right slot stays free (as in the original).
ext.panel("secrets", { slot: "overlay", title: "Secrets" }, async () => ui.stack([]));
