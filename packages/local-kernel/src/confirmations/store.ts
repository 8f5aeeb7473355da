import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../state/db.js";
import { KernelError } from "../errors.js";
import { redactionForCalls, type SensitiveLookup } from "../sensitive/redact.js";

/** One intercepted call, stored and replayed verbatim. */
export interface PendingCall {
  tool: string;
  args: unknown;
}

export interface ConfirmationRecord {
  id: string;
  tenantId: string;
  userId: string;
  appId: string;
  source: string;
  calls: PendingCall[];
  callsJson: string;
  status: "pending" | "accepted" | "cancelled";
  createdAt: string;
}

function sha(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Options of {@link ConfirmationStore}. */
export interface ConfirmationStoreOptions {
  /** The tools' declared sensitive paths (SPEC 7.7), for wiping answered confirmations. */
  sensitive?: SensitiveLookup;
}

/**
 * Durable store of intercepted calls awaiting the user's yes/no; each id can be used once. A pending confirmation
 * must keep its calls exactly (accept replays them byte-identically, also after a restart), sensitive values
 * included; once answered its stored calls are replaced by their redacted form, and `secure_delete` makes SQLite
 * zero the bytes it frees, so the exact values do not linger in the database file's free space.
 */
export class ConfirmationStore {
  private readonly sensitive: SensitiveLookup;
  private readonly wipe;
  constructor(
    private readonly db: Db,
    opts: ConfirmationStoreOptions = {},
  ) {
    this.sensitive = opts.sensitive ?? (() => undefined);
    db.pragma("secure_delete = ON");
    this.wipe = db.prepare("UPDATE confirmations SET calls=?, calls_sha256=? WHERE id=?");
  }

  /** Replaces the stored calls of an answered confirmation by their redacted form. */
  private wipeCalls(id: string, calls: PendingCall[]): void {
    const shown = JSON.stringify(redactionForCalls(calls, this.sensitive).calls);
    this.wipe.run(shown, sha(shown), id);
  }

  /** Stores the exact calls (their JSON text is what accept will execute). */
  create(
    scope: { tenantId: string; userId: string; appId: string },
    calls: PendingCall[],
    source: string,
  ): ConfirmationRecord {
    const id = "cnf_" + randomBytes(16).toString("hex");
    const callsJson = JSON.stringify(calls.map((c) => ({ tool: c.tool, args: c.args ?? {} })));
    const createdAt = new Date().toISOString();
    this.db
      .prepare(
        "INSERT INTO confirmations (id, tenant_id, user_id, app_id, calls, calls_sha256, status, source, created_at) VALUES (?,?,?,?,?,?,'pending',?,?)",
      )
      .run(id, scope.tenantId, scope.userId, scope.appId, callsJson, sha(callsJson), source, createdAt);
    return { id, ...scope, source, calls: JSON.parse(callsJson), callsJson, status: "pending", createdAt };
  }

  /**
   * Atomically marks a pending confirmation used by its owner and returns the stored calls.
   * 404 unknown id, 403 another user's confirmation, 409 already used.
   */
  claim(id: string, actingUserId: string, tenantId: string, to: "accepted" | "cancelled"): ConfirmationRecord {
    const tx = this.db.transaction((): ConfirmationRecord => {
      const row = this.db.prepare("SELECT * FROM confirmations WHERE id=?").get(id) as
        Record<string, string> | undefined;
      if (!row)
        throw new KernelError(
          "CONFIRMATION_NOT_FOUND",
          `No confirmation ${JSON.stringify(id)}.`,
          "Use the confirmation id returned by the call that needed confirmation.",
          404,
        );
      if (row.user_id !== actingUserId || row.tenant_id !== tenantId) {
        throw new KernelError(
          "CONFIRMATION_OTHER_USER",
          "This confirmation belongs to another user.",
          "Send X-Acting-User of the user who made the call.",
          403,
        );
      }
      if (row.status !== "pending")
        throw new KernelError(
          "CONFIRMATION_USED",
          `Confirmation ${id} was already ${row.status}.`,
          "Make the call again to get a new confirmation.",
          409,
        );
      if (sha(row.calls!) !== row.calls_sha256)
        throw new KernelError(
          "CONFIRMATION_CORRUPT",
          "Stored confirmation does not match its checksum.",
          "Make the call again.",
          409,
        );
      const r = this.db
        .prepare("UPDATE confirmations SET status=?, resolved_at=? WHERE id=? AND status='pending'")
        .run(to, new Date().toISOString(), id);
      if (r.changes !== 1)
        throw new KernelError(
          "CONFIRMATION_USED",
          `Confirmation ${id} was already used.`,
          "Make the call again to get a new confirmation.",
          409,
        );
      const calls = JSON.parse(row.calls!) as PendingCall[];
      this.wipeCalls(id, calls);
      return {
        id,
        tenantId: row.tenant_id!,
        userId: row.user_id!,
        appId: row.app_id!,
        source: row.source!,
        calls,
        callsJson: row.calls!,
        status: to,
        createdAt: row.created_at!,
      };
    });
    return tx.immediate();
  }

  /** The newest pending confirmation of the user: the first still pending of `preferred` (newest last), else any stored one. */
  newestPending(userId: string, appId: string, preferred: readonly string[] = []): string | undefined {
    const st = this.db.prepare("SELECT status FROM confirmations WHERE id=? AND user_id=? AND app_id=?");
    for (const id of [...preferred].reverse()) {
      const row = st.get(id, userId, appId) as { status: string } | undefined;
      if (row?.status === "pending") return id;
    }
    const row = this.db
      .prepare(
        "SELECT id FROM confirmations WHERE user_id=? AND app_id=? AND status='pending' ORDER BY created_at DESC LIMIT 1",
      )
      .get(userId, appId) as { id: string } | undefined;
    return row?.id;
  }

  /** Cancels every pending confirmation of a user (uninstall), wiping their stored calls. */
  cancelAllFor(userId: string): number {
    const tx = this.db.transaction((): number => {
      const rows = this.db
        .prepare("SELECT id, calls FROM confirmations WHERE user_id=? AND status='pending'")
        .all(userId) as Array<{ id: string; calls: string }>;
      for (const r of rows) this.wipeCalls(r.id, JSON.parse(r.calls) as PendingCall[]);
      return this.db
        .prepare("UPDATE confirmations SET status='cancelled', resolved_at=? WHERE user_id=? AND status='pending'")
        .run(new Date().toISOString(), userId).changes;
    });
    return tx.immediate();
  }
}
