// Who has the extension installed, at which version, and who disabled it: one `kv` row per user (namespace
// `lifecycle:<app_id>`), so installs, upgrades and EXTENSION_DISABLED survive restarts.
import type { Db } from "../state/db.js";

/** One user's install record. */
export interface InstallRecord {
  /** The extension version the user's state is at (the manifest version at install, or after the last upgrade). */
  version: string;
  installedAt: string;
  disabled: boolean;
  /** Tenant at install time (the purge and upgrades use the user's current tenant). */
  tenantId: string;
}

/** The kv-backed install records of one app, cached in memory (every call asks). */
export class InstallState {
  private readonly ns: string;
  private readonly cache = new Map<string, InstallRecord>();

  constructor(
    private readonly db: Db,
    appId: string,
  ) {
    this.ns = `lifecycle:${appId}`;
    const rows = db.prepare("SELECT key, value FROM kv WHERE ns=?").all(this.ns) as Array<{
      key: string;
      value: string;
    }>;
    for (const r of rows) {
      try {
        this.cache.set(r.key, JSON.parse(r.value) as InstallRecord);
      } catch {
        // A hand-edited, unreadable row counts as "not installed": the next call installs again.
      }
    }
  }

  /** The user's record, or undefined when not installed. */
  get(userId: string): InstallRecord | undefined {
    return this.cache.get(userId);
  }

  /** Writes (creates or replaces) the user's record. */
  set(userId: string, rec: InstallRecord): void {
    this.db
      .prepare(
        "INSERT INTO kv (ns, key, value) VALUES (?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value=excluded.value",
      )
      .run(this.ns, userId, JSON.stringify(rec));
    this.cache.set(userId, rec);
  }

  /** Forgets the user (uninstall). */
  delete(userId: string): void {
    this.db.prepare("DELETE FROM kv WHERE ns=? AND key=?").run(this.ns, userId);
    this.cache.delete(userId);
  }

  /** Every installed user id. */
  users(): string[] {
    return [...this.cache.keys()];
  }
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Semver order (-1, 0, 1), prerelease below its release. The SDK's comparator runs the hooks (in the worker); the
 * kernel only needs to know whether a build is newer than what a user is at, and the SDK does not export its own.
 */
export function compareVersions(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (!x || !y) return a === b ? 0 : a < b ? -1 : 1;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const pa = x[4];
  const pb = y[4];
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  const sa = pa.split(".");
  const sb = pb.split(".");
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    if (sa[i] === undefined) return -1;
    if (sb[i] === undefined) return 1;
    const na = /^\d+$/.test(sa[i]!) ? Number(sa[i]) : NaN;
    const nb = /^\d+$/.test(sb[i]!) ? Number(sb[i]) : NaN;
    if (sa[i] === sb[i]) continue;
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na < nb ? -1 : 1;
    if (!Number.isNaN(na)) return -1;
    if (!Number.isNaN(nb)) return 1;
    return sa[i]! < sb[i]! ? -1 : 1;
  }
  return 0;
}
