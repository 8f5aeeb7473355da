// Groups, check profiles and monitors: the monitoring functions (writes refresh the sidebar and the overview).
import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
import {
  INTERVALS,
  MAX_CHECKS_PER_PROFILE,
  MAX_GROUPS,
  MAX_MONITORS,
  MAX_PROFILES,
  cleanName,
  domainProblem,
  parseChecks,
  parseDomains,
} from "./limits.js";
import { C, createOwn, getOwn, listOwn, nowIso, type Group, type Monitor, type Profile } from "./store.js";
import { deleteMonitorCascade } from "./cascade.js";
import { GroupList, ProfileList } from "./models.js";

const REFRESH = ["sidebar", "overview"];
const ok = <T>(data: T, summary: string, refreshPanels = REFRESH) =>
  ActionResult.success(data, summary, { refreshPanels });
const err = (message: string, code = "INVALID_INPUT") => ActionResult.error(message, { code });

chat.function(
  "create_domain_group",
  {
    description: "Create a named group of domains to monitor.",
    actionType: "write",
    event: "group.created",
    params: z.object({
      name: z.string().min(1).describe("Group name"),
      domains: z.array(z.string()).default([]),
      domains_csv: z.string().default("").describe("Domains separated by commas or new lines"),
      description: z.string().default(""),
    }),
  },
  async (ctx, p) => {
    if ((await listOwn(ctx, C.groups)).length >= MAX_GROUPS)
      return err(`Limit reached: at most ${MAX_GROUPS} groups.`, "LIMIT_REACHED");
    const domains = parseDomains(p.domains, p.domains_csv);
    const problem = domainProblem(domains);
    if (problem) return err(problem);
    const g = await createOwn<Omit<Group, "owner_id">>(ctx, C.groups, {
      name: cleanName(p.name),
      domains,
      description: p.description,
      created_at: nowIso(),
    });
    return ok({ group_id: g.id, name: g.name, domains }, `Created group '${g.name}' with ${domains.length} domain(s)`);
  },
);

chat.function(
  "update_domain_group",
  {
    description: "Rename a domain group or change its domains (replace, add or remove).",
    actionType: "write",
    event: "group.updated",
    idProjection: "group_id",
    params: z.object({
      group_id: z.string(),
      name: z.string().default(""),
      domains: z.array(z.string()).default([]),
      add_domains: z.array(z.string()).default([]),
      remove_domains: z.array(z.string()).default([]),
    }),
  },
  async (ctx, p) => {
    const g = await getOwn<Group>(ctx, C.groups, p.group_id);
    if (!g) return err("Group not found.", "NOT_FOUND");
    let domains = p.domains.length ? parseDomains(p.domains) : g.domains;
    domains = parseDomains([...domains, ...p.add_domains]);
    const remove = new Set(parseDomains(p.remove_domains));
    domains = domains.filter((d) => !remove.has(d));
    const problem = domainProblem(domains);
    if (problem) return err(problem);
    const name = p.name.trim() ? cleanName(p.name) : g.name;
    await ctx.store.update(C.groups, g.id, { name, domains });
    return ok({ group_id: g.id, name, domains }, `Updated group '${name}' (${domains.length} domain(s))`);
  },
);

chat.function(
  "list_domain_groups",
  { description: "List the user's domain groups.", dataModel: GroupList, actionType: "read", params: z.object({}) },
  async (ctx) => {
    const groups = (await listOwn<Group>(ctx, C.groups)).map((g) => ({
      group_id: g.id,
      name: g.name,
      domains: g.domains,
      domain_count: g.domains.length,
    }));
    return ActionResult.success({ groups }, `${groups.length} group(s)`);
  },
);

chat.function(
  "delete_domain_group",
  {
    description: "Delete a domain group and every monitor using it.",
    actionType: "destructive",
    event: "group.deleted",
    params: z.object({ group_id: z.string() }),
  },
  async (ctx, p) => {
    const g = await getOwn<Group>(ctx, C.groups, p.group_id);
    if (!g) return err("Group not found.", "NOT_FOUND");
    const monitors = await listOwn<Monitor>(ctx, C.monitors, { group_id: g.id });
    for (const m of monitors) await deleteMonitorCascade(ctx, m);
    await ctx.store.delete(C.groups, g.id);
    return ok(
      { group_id: g.id, monitors_deleted: monitors.length },
      `Deleted group '${g.name}' and ${monitors.length} monitor(s)`,
    );
  },
);

const PANEL_CHECKS = ["ssl", "http", "email", "blacklist", "geo", "whois", "dns"] as const;
const off = () => z.boolean().default(false);
const ProfileParams = z.object({
  name: z.string().min(1),
  panel_mode: z.boolean().default(false).describe("Take the checks from the toggles (panel form)"),
  ssl: off(),
  http: off(),
  email: off(),
  blacklist: off(),
  geo: off(),
  whois: off(),
  dns: off(),
  checks: z.array(z.string()).default([]),
  checks_csv: z.string().default(""),
});

chat.function(
  "create_check_profile",
  {
    description: "Create a check profile: which checks a monitor runs.",
    actionType: "write",
    event: "profile.created",
    params: ProfileParams,
  },
  async (ctx, p) => {
    if ((await listOwn(ctx, C.profiles)).length >= MAX_PROFILES)
      return err(`Limit reached: at most ${MAX_PROFILES} profiles.`, "LIMIT_REACHED");
    const checks = p.panel_mode ? PANEL_CHECKS.filter((c) => p[c]) : parseChecks(p.checks, p.checks_csv);
    if (checks.length === 0) return err("Choose at least one valid check.");
    if (checks.length > MAX_CHECKS_PER_PROFILE) return err(`A profile holds at most ${MAX_CHECKS_PER_PROFILE} checks.`);
    const prof = await createOwn<Omit<Profile, "owner_id">>(ctx, C.profiles, {
      name: cleanName(p.name),
      checks: [...checks],
      created_at: nowIso(),
    });
    return ok(
      { profile_id: prof.id, name: prof.name, checks },
      `Created profile '${prof.name}' (${checks.join(", ")})`,
    );
  },
);

chat.function(
  "list_check_profiles",
  { description: "List the user's check profiles.", dataModel: ProfileList, actionType: "read", params: z.object({}) },
  async (ctx) => {
    const profiles = (await listOwn<Profile>(ctx, C.profiles)).map((x) => ({
      profile_id: x.id,
      name: x.name,
      checks: x.checks,
    }));
    return ActionResult.success({ profiles }, `${profiles.length} profile(s)`);
  },
);

chat.function(
  "update_check_profile",
  {
    description: "Rename a check profile or change its checks.",
    actionType: "write",
    event: "profile.updated",
    params: z.object({ profile_id: z.string(), name: z.string().default(""), checks: z.array(z.string()).default([]) }),
  },
  async (ctx, p) => {
    const prof = await getOwn<Profile>(ctx, C.profiles, p.profile_id);
    if (!prof) return err("Profile not found.", "NOT_FOUND");
    if (!p.name.trim() && p.checks.length === 0) return err("Nothing to update.");
    const checks = p.checks.length ? parseChecks(p.checks) : prof.checks;
    if (checks.length === 0) return err("Choose at least one valid check.");
    if (checks.length > MAX_CHECKS_PER_PROFILE) return err(`A profile holds at most ${MAX_CHECKS_PER_PROFILE} checks.`);
    const name = p.name.trim() ? cleanName(p.name) : prof.name;
    await ctx.store.update(C.profiles, prof.id, { name, checks });
    return ok({ profile_id: prof.id, name, checks }, `Updated profile '${name}'`);
  },
);

chat.function(
  "delete_check_profile",
  {
    description: "Delete a check profile and every monitor using it.",
    actionType: "destructive",
    event: "profile.deleted",
    params: z.object({ profile_id: z.string() }),
  },
  async (ctx, p) => {
    const prof = await getOwn<Profile>(ctx, C.profiles, p.profile_id);
    if (!prof) return err("Profile not found.", "NOT_FOUND");
    const monitors = await listOwn<Monitor>(ctx, C.monitors, { profile_id: prof.id });
    for (const m of monitors) await deleteMonitorCascade(ctx, m);
    await ctx.store.delete(C.profiles, prof.id);
    return ok(
      { profile_id: prof.id, monitors_deleted: monitors.length },
      `Deleted profile '${prof.name}' and ${monitors.length} monitor(s)`,
    );
  },
);

const Interval = z
  .number()
  .int()
  .min(1)
  .default(24)
  .describe(`Hours between scans (${INTERVALS.join("/")})`);

chat.function(
  "create_monitor",
  {
    description: "Create a monitor from an existing domain group and check profile.",
    actionType: "write",
    event: "monitor.created",
    params: z.object({
      name: z.string().min(1),
      group_id: z.string(),
      profile_id: z.string(),
      interval_hours: Interval,
    }),
  },
  async (ctx, p) => {
    if ((await listOwn(ctx, C.monitors)).length >= MAX_MONITORS)
      return err(`Limit reached: at most ${MAX_MONITORS} monitors.`, "LIMIT_REACHED");
    if (!(await getOwn(ctx, C.groups, p.group_id))) return err("Group not found.", "NOT_FOUND");
    if (!(await getOwn(ctx, C.profiles, p.profile_id))) return err("Profile not found.", "NOT_FOUND");
    const m = await createOwn<Omit<Monitor, "owner_id">>(ctx, C.monitors, {
      name: cleanName(p.name),
      group_id: p.group_id,
      profile_id: p.profile_id,
      interval_hours: p.interval_hours,
      enabled: true,
      last_run_at: null,
      last_snapshot_id: null,
      created_at: nowIso(),
    });
    return ok({ monitor_id: m.id, name: m.name }, `Created monitor '${m.name}' (every ${p.interval_hours} h)`);
  },
);
