// The hourly monitor runner. It runs with a system context (SPEC 7.3): for each user with monitors (listUsers), as
// that user (asUser), every enabled and overdue monitor is scanned exactly as run_scan does.
import { ext } from "./app.js";
import { isDue, scanMonitor, type ScanCtx } from "./scan.js";
import { C, getOwn, listOwn, type Monitor } from "./store.js";

/** Scans every overdue enabled monitor of one user; returns the ids scanned. A failing monitor does not stop the loop. */
export async function runOverdueMonitors(
  ctx: ScanCtx & { log?(m: string, l?: string): void },
  now = Date.now(),
): Promise<string[]> {
  const scanned: string[] = [];
  for (const listed of await listOwn<Monitor>(ctx, C.monitors)) {
    // Re-read fresh: a manual scan since the list must not be run twice.
    const m = await getOwn<Monitor>(ctx, C.monitors, listed.id);
    if (!m || !isDue(m, now)) continue;
    try {
      const r = await scanMonitor(ctx, m);
      if (r.ok) scanned.push(m.id);
      else ctx.log?.(`monitor ${m.id} skipped: ${r.error}`, "warn");
    } catch (e) {
      ctx.log?.(`monitor ${m.id} failed: ${(e as Error).message}`, "error");
    }
  }
  return scanned;
}

ext.schedule(
  "wt_monitor_runner",
  { cron: "0 * * * *", description: "Scan overdue monitors of every user." },
  async (ctx) => {
    let users = 0;
    for await (const userId of ctx.store.listUsers(C.monitors)) {
      users++;
      await runOverdueMonitors(ctx.asUser(userId));
    }
    return { users };
  },
);
