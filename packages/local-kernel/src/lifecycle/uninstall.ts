// Uninstall for one user purges ALL of that user's state of the extension (SPEC 7.1): documents, files, cache,
// secrets, skeleton snapshots and loops, fact ledger, confirmations, seen ids and the conversation. The audit ledger
// is kept (retention). The onUninstall hook runs before this (lifecycle/lifecycle.ts).
import type { ChatTurns } from "../chat/turn.js";
import type { ClientPool } from "../clients/router.js";
import { FileStorage } from "../clients/storage.js";
import type { ConfirmationStore } from "../confirmations/store.js";
import type { EventBus } from "../events.js";
import { UNINSTALL_DEADLINE_MS } from "../limits.js";
import type { KernelLog } from "../log.js";
import type { SeenIds } from "../seen/registry.js";
import type { SkeletonRuntime } from "../skeleton/runtime.js";
import type { Db } from "../state/db.js";
import type { UserDirectory } from "../users/users.js";

/** The services that hold per-user state. */
export interface UninstallDeps {
  users: UserDirectory;
  chat: ChatTurns;
  skeletons: SkeletonRuntime;
  db: Db;
  stateDir: string;
  appId: string;
  seen: SeenIds;
  confirmations: ConfirmationStore;
  events: EventBus;
  pool: ClientPool;
  log: KernelLog;
}

/** What a purge removed (rows per table; `storage_roots` = storage dirs removed). */
export type PurgeCounts = Record<string, number>;

// Per-user tables of this app, keyed by (user_id, app_id). Every tenant the id was ever seen under goes: user ids
// are unique in one kernel, and a tenant change must not leave the old tenant's rows behind.
const USER_TABLES = ["documents", "cache", "secrets", "confirmations", "seen_ids", "skeleton_snapshots", "fact_ledger"];

/** Purges every kind of per-user state of the app and announces it (`uninstall` event). */
export async function uninstallUser(
  d: UninstallDeps,
  userId: string,
  extraTenants: string[] = [],
): Promise<PurgeCounts> {
  const u = d.users.require(userId);
  d.confirmations.cancelAllFor(u.id); // a confirmation being accepted right now fails as used, not half-purged
  const purgeConversation = async (): Promise<void> => {
    try {
      d.chat.purge(u.id);
      await d.skeletons.purgeUser(u.id);
    } catch (e) {
      d.log("error", `uninstall purge failed: ${(e as Error).message}`);
    }
  };
  await Promise.race([purgeConversation(), new Promise<void>((r) => setTimeout(r, UNINSTALL_DEADLINE_MS).unref())]);
  const counts: PurgeCounts = {};
  const tenants = [...new Set([u.tenantId, ...extraTenants, ...tenantsOf(d.db, u.id, d.appId)])];
  d.db.transaction(() => {
    for (const t of USER_TABLES)
      counts[t] = d.db.prepare(`DELETE FROM ${t} WHERE user_id=? AND app_id=?`).run(u.id, d.appId).changes;
  })();
  d.seen.purge(u.id); // its in-memory set too
  for (const tenantId of tenants) await new FileStorage(d.stateDir, { tenantId, userId: u.id, appId: d.appId }).purge();
  counts.storage_roots = tenants.length;
  d.events.purgeUser(u.id);
  d.pool.forget(u.id);
  d.events.emit("uninstall", { user: u.id }, u.id);
  d.log("info", `uninstalled for ${u.id}`, { purged: counts });
  return counts;
}

/** Tenants the user has documents under (a user whose tenant changed in the config keeps rows of the old one). */
function tenantsOf(db: Db, userId: string, appId: string): string[] {
  const rows = db
    .prepare("SELECT DISTINCT tenant_id FROM documents WHERE user_id=? AND app_id=?")
    .all(userId, appId) as Array<{ tenant_id: string }>;
  return rows.map((r) => r.tenant_id);
}
