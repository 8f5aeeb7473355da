// Uninstall for one user: the kernel-side state of the conversation, skeletons, cache, seen ids and pending
// confirmations is purged (skeleton state well within SPEC's 2 s); documents and files stay.
import type { ChatTurns } from "../chat/turn.js";
import type { ClientPool } from "../clients/router.js";
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
  appId: string;
  seen: SeenIds;
  confirmations: ConfirmationStore;
  events: EventBus;
  pool: ClientPool;
  log: KernelLog;
}

/** Purges a user's kernel state and announces it (`uninstall` event). */
export async function uninstallUser(d: UninstallDeps, userId: string): Promise<void> {
  const u = d.users.require(userId);
  const purgeConversation = async (): Promise<void> => {
    try {
      d.chat.purge(u.id);
      await d.skeletons.purgeUser(u.id);
    } catch (e) {
      d.log("error", `uninstall purge failed: ${(e as Error).message}`);
    }
  };
  await Promise.race([purgeConversation(), new Promise<void>((r) => setTimeout(r, UNINSTALL_DEADLINE_MS).unref())]);
  d.db.prepare("DELETE FROM cache WHERE tenant_id=? AND user_id=? AND app_id=?").run(u.tenantId, u.id, d.appId);
  d.seen.purge(u.id);
  d.confirmations.cancelAllFor(u.id);
  d.events.purgeUser(u.id);
  d.pool.forget(u.id);
  d.events.emit("uninstall", { user: u.id }, u.id);
  d.log("info", `uninstalled for ${u.id}`);
}
