// Scanning a monitor: every profile check for every domain (<= 3 domains and <= 5 checks at once), one snapshot,
// the monitor pointed at it and the previous snapshot deleted. Shared by run_scan and the hourly schedule.
import type { StoreClient } from "@imperal/sdk";
import { pool, runCheck, type BackendCtx } from "./backend.js";
import { checkStatus, rollUp, type Status } from "./status.js";
import {
  C,
  createOwn,
  getOwn,
  nowIso,
  type CheckResult,
  type Doc,
  type Group,
  type Monitor,
  type Profile,
  type Snapshot,
} from "./store.js";

/** What a scan needs from ctx. */
export type ScanCtx = BackendCtx & { store: StoreClient; user: { imperalId: string } };

/** The result of scanning one monitor. */
export type ScanOutcome =
  { ok: true; snapshot: Doc<Snapshot>; issues: number } | { ok: false; error: string; code: string };

/** Scans one monitor now. */
export async function scanMonitor(ctx: ScanCtx, m: Doc<Monitor>): Promise<ScanOutcome> {
  const group = await getOwn<Group>(ctx, C.groups, m.group_id);
  const profile = await getOwn<Profile>(ctx, C.profiles, m.profile_id);
  if (!group || !profile)
    return { ok: false, code: "NOT_FOUND", error: "The monitor's group or profile no longer exists." };
  if (group.domains.length === 0 || profile.checks.length === 0)
    return { ok: false, code: "INVALID_INPUT", error: "The monitor has no domains or no checks." };
  const domains: Record<string, Record<string, CheckResult>> = {};
  const rolled: Status[] = [];
  let issues = 0;
  await pool(group.domains, 3, async (domain) => {
    const results = await pool(profile.checks, 5, async (check) => {
      const r = await runCheck(ctx, check, domain);
      const status = r.ok ? checkStatus(check, r.data) : checkStatus(check, null, r.error);
      return [check, r.ok ? { status, data: r.data } : { status, data: null, error: r.error }] as const;
    });
    domains[domain] = Object.fromEntries(results);
    const s = rollUp(results.map(([, r]) => r.status as Status));
    issues += results.filter(([, r]) => r.status === "warning" || r.status === "critical").length;
    rolled.push(s);
  });
  const count = (s: Status) => rolled.filter((x) => x === s).length;
  const status = rollUp(rolled);
  const snap = await createOwn<Omit<Snapshot, "owner_id">>(ctx, C.snapshots, {
    monitor_id: m.id,
    status,
    domains,
    checks_run: group.domains.length * profile.checks.length,
    summary: {
      total_domains: group.domains.length,
      domains_ok: count("ok"),
      domains_warning: count("warning"),
      domains_critical: count("critical"),
      domains_unknown: count("unknown"),
    },
    created_at: nowIso(),
  });
  const previous = m.last_snapshot_id;
  await ctx.store.update(C.monitors, m.id, { last_run_at: snap.created_at, last_snapshot_id: snap.id });
  if (previous) await ctx.store.delete(C.snapshots, previous);
  return { ok: true, snapshot: snap, issues };
}

/** True when a monitor is due: never ran, or ran at least interval_hours ago. */
export function isDue(m: Monitor, now: number): boolean {
  if (!m.enabled) return false;
  if (!m.last_run_at) return true;
  return now - Date.parse(m.last_run_at) >= m.interval_hours * 3_600_000;
}
