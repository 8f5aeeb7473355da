// What the schedule loop keeps across restarts, in the kernel database's `kv` table (namespace `schedules:<app id>`,
// one row per schedule): the minute it last fired — so a restart within that minute does not fire it again — and
// its last run, for `GET /v1/schedules`.
import type { Db } from "../state/db.js";
import type { ScheduleLastRun } from "./types.js";

interface Row {
  fired?: number;
  last_run?: ScheduleLastRun;
}

/** Per-schedule state of one app. */
export class ScheduleState {
  private readonly ns: string;
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db, appId: string) {
    this.ns = `schedules:${appId}`;
    this.getStmt = db.prepare<[string, string], { value: string }>("SELECT value FROM kv WHERE ns = ? AND key = ?");
    this.putStmt = db.prepare<[string, string, string]>(
      "INSERT INTO kv (ns, key, value) VALUES (?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value",
    );
  }

  private read(name: string): Row {
    const r = this.getStmt.get(this.ns, name);
    if (!r) return {};
    try {
      const v = JSON.parse(r.value) as unknown;
      return v && typeof v === "object" ? (v as Row) : {};
    } catch {
      return {}; // a damaged row only costs the memory of the last fire, never the loop
    }
  }
  private write(name: string, patch: Row): void {
    this.putStmt.run(this.ns, name, JSON.stringify({ ...this.read(name), ...patch }));
  }

  /** The minute (epoch ms) the schedule last fired, if ever. */
  lastFired(name: string): number | undefined {
    const f = this.read(name).fired;
    return typeof f === "number" ? f : undefined;
  }
  /** Records that the schedule fired for `minute` (before it runs: a crash mid-run does not fire it twice). */
  markFired(name: string, minute: number): void {
    this.write(name, { fired: minute });
  }
  /** The schedule's last finished run, if any. */
  lastRun(name: string): ScheduleLastRun | undefined {
    return this.read(name).last_run;
  }
  /** Records a finished run. */
  saveRun(name: string, run: ScheduleLastRun): void {
    this.write(name, { last_run: run });
  }
}
