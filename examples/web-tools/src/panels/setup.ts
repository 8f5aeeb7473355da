// Setup: groups, profiles and monitors, each with a create form and per-item edit forms and deletes.
import { ui, type UINode } from "@imperal/sdk";
import { ext } from "../app.js";
import { DOMAIN_PATTERN, INTERVALS, MAX_GROUPS, MAX_MONITORS, MAX_PROFILES } from "../limits.js";
import { C, listOwn, type Group, type Monitor, type Profile } from "../store.js";

const EVENTS = [
  "group.created",
  "group.updated",
  "group.deleted",
  "profile.created",
  "profile.updated",
  "profile.deleted",
  "monitor.created",
  "monitor.updated",
  "monitor.deleted",
];
const CHECK_OPTIONS = ["dns", "ssl", "whois", "http", "email", "blacklist", "geo", "seo", "ports", "smtp"];
const del = (label: string, fn: string, params: Record<string, unknown>, confirm: string) =>
  ui.button("Delete", { variant: "danger", size: "sm", icon: "trash-2", onClick: ui.call(fn, params, { confirm }) });

function groupsSection(groups: Array<Group & { id: string }>): UINode[] {
  const create =
    groups.length >= MAX_GROUPS
      ? ui.alert(`Limit of ${MAX_GROUPS} groups reached.`, { type: "warn" })
      : ui.form(
          [
            ui.input("name", { label: "Group name", required: true }),
            ui.tagInput("domains", {
              label: "Domains",
              validate: DOMAIN_PATTERN,
              validateMessage: "Enter a valid domain",
            }),
          ],
          {
            onSubmit: ui.call("create_domain_group"),
            submitLabel: "Create group",
          },
        );
  const items = groups.map((g) =>
    ui.listItem({
      title: g.name,
      subtitle: `${g.domains.length} domain(s)`,
      actions: [del("Delete", "delete_domain_group", { group_id: g.id }, `Delete '${g.name}' and all its monitors?`)],
      expandable: true,
      expandedContent: ui.form(
        [
          ui.input("name", { label: "Name", value: g.name }),
          ui.tagInput("domains", { label: "Domains", value: g.domains }),
        ],
        {
          onSubmit: ui.call("update_domain_group"),
          submitLabel: "Save",
          defaults: { group_id: g.id },
        },
      ),
    }),
  );
  return [create, ui.list(items, { emptyMessage: "No groups yet." })];
}

function profilesSection(profiles: Array<Profile & { id: string }>): UINode[] {
  const create =
    profiles.length >= MAX_PROFILES
      ? ui.alert(`Limit of ${MAX_PROFILES} profiles reached.`, { type: "warn" })
      : ui.form(
          [
            ui.input("name", { label: "Profile name", required: true }),
            ui.multiSelect("checks", CHECK_OPTIONS, { label: "Checks (up to 5)" }),
          ],
          {
            onSubmit: ui.call("create_check_profile"),
            submitLabel: "Create profile",
          },
        );
  const items = profiles.map((p) =>
    ui.listItem({
      title: p.name,
      subtitle: p.checks.join(", "),
      actions: [
        del("Delete", "delete_check_profile", { profile_id: p.id }, `Delete '${p.name}' and all its monitors?`),
      ],
    }),
  );
  return [create, ui.list(items, { emptyMessage: "No profiles yet." })];
}

function monitorsSection(
  monitors: Array<Monitor & { id: string }>,
  groups: Array<Group & { id: string }>,
  profiles: Array<Profile & { id: string }>,
): UINode[] {
  const create =
    monitors.length >= MAX_MONITORS
      ? ui.alert(`Limit of ${MAX_MONITORS} monitors reached.`, { type: "warn" })
      : groups.length === 0 || profiles.length === 0
        ? ui.alert("Create a group and a profile first.", { type: "info" })
        : ui.form(
            [
              ui.input("name", { label: "Monitor name", required: true }),
              ui.select(
                "group_id",
                groups.map((g) => ({ label: g.name, value: g.id })),
                { label: "Group" },
              ),
              ui.select(
                "profile_id",
                profiles.map((p) => ({ label: p.name, value: p.id })),
                { label: "Profile" },
              ),
              ui.select(
                "interval_hours",
                INTERVALS.map((h) => ({ label: `${h} h`, value: String(h) })),
                { label: "Interval", value: "24" },
              ),
            ],
            { onSubmit: ui.call("create_monitor"), submitLabel: "Create monitor" },
          );
  const items = monitors.map((m) =>
    ui.listItem({
      title: m.name,
      subtitle: `every ${m.interval_hours} h`,
      actions: [del("Delete", "delete_monitor", { monitor_id: m.id }, `Delete monitor '${m.name}'?`)],
    }),
  );
  return [create, ui.list(items, { emptyMessage: "No monitors yet." })];
}

ext.panel(
  "setup",
  { slot: "overlay", title: "Setup", centerOverlay: true, refresh: `on_event:${EVENTS.join(",")}` },
  async (ctx) => {
    const [groups, profiles, monitors] = await Promise.all([
      listOwn<Group>(ctx, C.groups),
      listOwn<Profile>(ctx, C.profiles),
      listOwn<Monitor>(ctx, C.monitors),
    ]);
    return ui.stack(
      [
        ui.header("Setup", { level: 2 }),
        groups.length && profiles.length && monitors.length
          ? ui.alert("All set: groups, profiles and monitors exist.", { type: "success" })
          : null,
        ui.accordion([
          { id: "groups", title: `Domain groups (${groups.length}/${MAX_GROUPS})`, children: groupsSection(groups) },
        ]),
        ui.accordion([
          {
            id: "profiles",
            title: `Check profiles (${profiles.length}/${MAX_PROFILES})`,
            children: profilesSection(profiles),
          },
        ]),
        ui.accordion([
          {
            id: "monitors",
            title: `Monitors (${monitors.length}/${MAX_MONITORS})`,
            children: monitorsSection(monitors, groups, profiles),
          },
        ]),
        ui.button("Close", { variant: "secondary", onClick: ui.call("__panel__overview", { view: "monitors" }) }),
      ],
      { gap: 12 },
    );
  },
);
