// The skeleton: monitor status counts for the classifier, from each monitor's latest snapshot.
import { C, getOwn, listOwn, type Monitor, type Snapshot } from "./store.js";
import { ext } from "./app.js";

ext.skeleton(
  "web_tools",
  { ttl: 300, description: "Monitor status counts (total, critical, warning, ok, unknown)." },
  async (ctx) => {
    const monitors = (await listOwn<Monitor>(ctx, C.monitors)).slice(0, 10);
    const counts = { total: monitors.length, critical: 0, warning: 0, ok: 0, unknown: 0 };
    for (const m of monitors) {
      const snap = await getOwn<Snapshot>(ctx, C.snapshots, m.last_snapshot_id);
      const s = (snap?.status ?? "unknown") as keyof typeof counts;
      if (s in counts && s !== "total") counts[s]++;
      else counts.unknown++;
    }
    const summary =
      monitors.length === 0
        ? "No monitors yet: use instant diagnostics (dns_lookup, ssl_check, http_check, quick_check) or create a monitor."
        : `${counts.total} monitor(s): ${counts.critical} critical, ${counts.warning} warning, ${counts.ok} ok, ${counts.unknown} unknown.`;
    return { response: { ...counts, summary } };
  },
);
