import type { Db } from "../state/db.js";
import type { SkeletonSnapshot, SnapshotStore } from "./types.js";

/**
 * SQLite `SnapshotStore` (table `skeleton_snapshots` in the kernel db): the last good snapshot per
 * (user, app, section) with its refresh time. Snapshots survive reloads and restarts; uninstall deletes them.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly sGet;
  private readonly sPut;
  private readonly sList;
  private readonly sPurge;
  private readonly appId: string;
  constructor(
    private readonly db: Db,
    appId: string,
  ) {
    this.appId = appId;
    this.sGet = db.prepare(
      "SELECT data, refreshed_at FROM skeleton_snapshots WHERE user_id=? AND app_id=? AND section=?",
    );
    this.sPut = db.prepare(
      "INSERT INTO skeleton_snapshots (user_id, app_id, section, data, refreshed_at) VALUES (?,?,?,?,?) " +
        "ON CONFLICT (user_id, app_id, section) DO UPDATE SET data=excluded.data, refreshed_at=excluded.refreshed_at",
    );
    this.sList = db.prepare(
      "SELECT section, data, refreshed_at FROM skeleton_snapshots WHERE user_id=? AND app_id=? ORDER BY section",
    );
    this.sPurge = db.prepare("DELETE FROM skeleton_snapshots WHERE user_id=? AND app_id=?");
  }

  /** The stored snapshot of a (user, section), or undefined. */
  get(user: string, section: string): SkeletonSnapshot | undefined {
    const r = this.sGet.get(user, this.appId, section) as { data: string; refreshed_at: number } | undefined;
    return r ? { user, section, data: JSON.parse(r.data), refreshedAt: r.refreshed_at } : undefined;
  }

  /** Stores (replaces) a snapshot. */
  put(s: SkeletonSnapshot): void {
    this.sPut.run(s.user, this.appId, s.section, JSON.stringify(s.data ?? null), Math.round(s.refreshedAt));
  }

  /** Every snapshot of the user (section order). */
  list(user: string): SkeletonSnapshot[] {
    return (this.sList.all(user, this.appId) as Array<{ section: string; data: string; refreshed_at: number }>).map(
      (r) => ({
        user,
        section: r.section,
        data: JSON.parse(r.data),
        refreshedAt: r.refreshed_at,
      }),
    );
  }

  /** Deletes every snapshot of the user (uninstall). */
  purgeUser(user: string): void {
    this.sPurge.run(user, this.appId);
  }

  /** Deletes snapshots of sections the serving build no longer declares (after a reload). */
  retainSections(sections: string[]): number {
    if (sections.length === 0)
      return this.db.prepare("DELETE FROM skeleton_snapshots WHERE app_id=?").run(this.appId).changes;
    const marks = sections.map(() => "?").join(",");
    return this.db
      .prepare(`DELETE FROM skeleton_snapshots WHERE app_id=? AND section NOT IN (${marks})`)
      .run(this.appId, ...sections).changes;
  }
}
