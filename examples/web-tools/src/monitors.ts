// Monitors: the one-step create (group + profile + monitor), list, update and delete.
import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
import { deleteMonitorCascade } from "./cascade.js";
import { MonitorList } from "./models.js";
import type { Status } from "./status.js";
import { MAX_GROUPS, MAX_MONITORS, MAX_PROFILES, cleanName, domainProblem, parseDomains } from "./limits.js";
import {
  C,
  createOwn,
  getOwn,
  listOwn,
  nowIso,
  type Group,
  type Monitor,
  type Profile,
  type Snapshot,
} from "./store.js";

const REFRESH = ["sidebar", "overview"];
const err = (message: string, code = "INVALID_INPUT") => ActionResult.error(message, { code });
const FULL_CHECKS = ["ssl", "http", "email", "blacklist", "geo", "whois", "ports"] as const;
const on = () => z.boolean().default(true);
const off = () => z.boolean().default(false);

chat.function(
  "create_monitor_full",
  {
    description: "Create a monitor in one step: a domain group, a check profile and the monitor, all with one name.",
    actionType: "write",
    event: "monitor.created",
    params: z.object({
      name: z.string().min(1),
      domains: z.array(z.string()).default([]),
      interval_hours: z.number().int().min(1).default(24),
      checks: z.array(z.string()).default([]),
      ssl: on(),
      http: on(),
      email: on(),
      blacklist: on(),
      geo: off(),
      whois: off(),
    }),
  },
  async (ctx, p) => {
    const [groups, profiles, monitors] = await Promise.all([
      listOwn(ctx, C.groups),
      listOwn(ctx, C.profiles),
      listOwn(ctx, C.monitors),
    ]);
    if (monitors.length >= MAX_MONITORS)
      return err(`Limit reached: at most ${MAX_MONITORS} monitors.`, "LIMIT_REACHED");
    if (groups.length >= MAX_GROUPS) return err(`Limit reached: at most ${MAX_GROUPS} groups.`, "LIMIT_REACHED");
    if (profiles.length >= MAX_PROFILES)
      return err(`Limit reached: at most ${MAX_PROFILES} profiles.`, "LIMIT_REACHED");
    const domains = parseDomains(p.domains);
    const problem = domainProblem(domains);
    if (problem) return err(problem);
    const checks = p.checks.length
      ? [...new Set(p.checks.map((c) => c.toLowerCase()))].filter((c) => (FULL_CHECKS as readonly string[]).includes(c))
      : FULL_CHECKS.filter((c) => (p as Record<string, unknown>)[c] === true);
    if (checks.length === 0) return err("Choose at least one valid check.");
    const name = cleanName(p.name);
    const created_at = nowIso();
    // In this order, as the original: group, profile, monitor.
    const g = await createOwn<Omit<Group, "owner_id">>(ctx, C.groups, { name, domains, description: "", created_at });
    const prof = await createOwn<Omit<Profile, "owner_id">>(ctx, C.profiles, { name, checks: [...checks], created_at });
    const m = await createOwn<Omit<Monitor, "owner_id">>(ctx, C.monitors, {
      name,
      group_id: g.id,
      profile_id: prof.id,
      interval_hours: p.interval_hours,
      enabled: true,
      last_run_at: null,
      last_snapshot_id: null,
      created_at,
    });
    return ActionResult.success(
      { monitor_id: m.id, group_id: g.id, profile_id: prof.id, name, domains, checks },
      `Created monitor '${name}' for ${domains.length} domain(s) with ${checks.length} check(s)`,
      { refreshPanels: REFRESH },
    );
  },
);

chat.function(
  "list_monitors",
  {
    description: "List the user's monitors with their latest status.",
    dataModel: MonitorList,
    actionType: "read",
    params: z.object({}),
  },
  async (ctx) => {
    const monitors = await listOwn<Monitor>(ctx, C.monitors);
    const out = await Promise.all(
      monitors.map(async (m) => {
        const snap = await getOwn<Snapshot>(ctx, C.snapshots, m.last_snapshot_id);
        return {
          monitor_id: m.id,
          name: m.name,
          group_id: m.group_id,
          profile_id: m.profile_id,
          interval_hours: m.interval_hours,
          enabled: m.enabled,
          last_run_at: m.last_run_at,
          status: (snap?.status ?? "unknown") as Status,
        };
      }),
    );
    return ActionResult.success({ monitors: out }, `${out.length} monitor(s)`);
  },
);

chat.function(
  "update_monitor",
  {
    description: "Rename a monitor or change how often it scans.",
    actionType: "write",
    event: "monitor.updated",
    params: z.object({
      monitor_id: z.string(),
      name: z.string().default(""),
      interval_hours: z.coerce.number().int().min(1).optional(),
    }),
  },
  async (ctx, p) => {
    const m = await getOwn<Monitor>(ctx, C.monitors, p.monitor_id);
    if (!m) return err("Monitor not found.", "NOT_FOUND");
    if (!p.name.trim() && p.interval_hours === undefined) return err("Nothing to update.");
    const patch = {
      ...(p.name.trim() ? { name: cleanName(p.name) } : {}),
      ...(p.interval_hours !== undefined ? { interval_hours: p.interval_hours } : {}),
    };
    await ctx.store.update(C.monitors, m.id, patch);
    return ActionResult.success({ monitor_id: m.id, ...patch }, `Updated monitor '${patch.name ?? m.name}'`, {
      refreshPanels: [...REFRESH, "detail"],
    });
  },
);

chat.function(
  "delete_monitor",
  {
    description: "Delete a monitor and its scan results (its group and profile stay).",
    actionType: "destructive",
    event: "monitor.deleted",
    params: z.object({ monitor_id: z.string() }),
  },
  async (ctx, p) => {
    const m = await getOwn<Monitor>(ctx, C.monitors, p.monitor_id);
    if (!m) return err("Monitor not found.", "NOT_FOUND");
    const snaps = await deleteMonitorCascade(ctx, m);
    return ActionResult.success({ monitor_id: m.id, snapshots_deleted: snaps }, `Deleted monitor '${m.name}'`, {
      refreshPanels: REFRESH,
    });
  },
);
