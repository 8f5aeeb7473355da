import { KernelError } from "../errors.js";
import { newId } from "../util/ids.js";
import type { Db } from "./db.js";

/**
 * What happened to one action, in the SPEC's words: `executed` (ran and succeeded), `confirmed` (ran after the user
 * accepted its confirmation), `rejected` (a gate stopped it before any handler code), `cancelled`; plus `failed`
 * (ran and returned or threw an error; see error_code), `intercepted` (held for confirmation), `timeout`, `promoted`.
 */
export type AuditStatus =
  "executed" | "confirmed" | "failed" | "rejected" | "intercepted" | "cancelled" | "timeout" | "promoted";
/** Statuses callers record; `succeeded` becomes `executed` or `confirmed` in the ledger. */
export type AuditInputStatus = AuditStatus | "succeeded";

/** One row to record. `args` are redacted by the ledger itself, whoever records them. */
export interface AuditInput {
  tenantId: string;
  userId: string;
  tool: string;
  actionType: string;
  args: unknown;
  status: AuditInputStatus;
  reason?: string;
  errorCode?: string;
  durationMs: number;
  source?: string;
  callId?: string;
  confirmationId?: string;
}
/** A ledger row as served by `/v1/audit` (SPEC 4 fields plus source/call/confirmation ids). */
export interface AuditRow {
  id: string;
  ts: string;
  tenant_id: string;
  user_id: string;
  app_id: string;
  tool: string;
  action_type: string;
  args: unknown;
  status: AuditStatus;
  reason?: string;
  error_code?: string;
  duration_ms: number;
  retention_class: "federal_7y";
  source?: string;
  call_id?: string;
  confirmation_id?: string;
}

/** Replaces a user's secret values in text (JSON of the args) before it is stored. */
export type Redactor = (userId: string, text: string) => string;

/** Options of {@link AuditLedger}. */
export interface AuditLedgerOptions {
  db: Db;
  appId: string;
  redact: Redactor;
}

/**
 * The only writer of audit rows. Append-only (SQLite triggers refuse UPDATE/DELETE); every row's args pass through
 * the redactor, so no caller can store a secret value in clear by forgetting to redact.
 */
export class AuditLedger {
  private readonly insert;
  private readonly db: Db;
  private readonly appId: string;
  private readonly redact: Redactor;
  constructor(opts: AuditLedgerOptions) {
    this.db = opts.db;
    this.appId = opts.appId;
    this.redact = opts.redact;
    this.insert = opts.db.prepare(
      `INSERT INTO audit (id, ts, tenant_id, user_id, app_id, tool, action_type, args, status, reason, error_code,
         duration_ms, retention_class, source, call_id, confirmation_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'federal_7y',?,?,?)`,
    );
  }

  /** Appends one row (committed before it returns; see durability.ts for fsync); fails closed without a user id. */
  append(r: AuditInput): string {
    if (typeof r.userId !== "string" || r.userId.trim() === "") {
      throw new KernelError(
        "AUDIT_NO_USER",
        "Refusing an action with no acting user id (the audit ledger fails closed).",
        "Send the X-Acting-User header / pass a user id.",
        400,
      );
    }
    const id = newId("aud", 10);
    const status: AuditStatus = r.status === "succeeded" ? (r.confirmationId ? "confirmed" : "executed") : r.status;
    this.insert.run(
      id,
      new Date().toISOString(),
      r.tenantId,
      r.userId,
      this.appId,
      r.tool,
      r.actionType,
      this.argsText(r.userId, r.args),
      status,
      r.reason ?? null,
      r.errorCode ?? null,
      Math.round(r.durationMs * 1000) / 1000,
      r.source ?? null,
      r.callId ?? null,
      r.confirmationId ?? null,
    );
    return id;
  }

  /** The args as stored: JSON with the user's secret values replaced by `[redacted]`. */
  private argsText(userId: string, args: unknown): string {
    let text: string;
    try {
      text = JSON.stringify(args ?? {}) ?? "{}";
    } catch {
      return '"[unserializable]"';
    }
    const red = this.redact(userId, text);
    if (red === text) return text;
    try {
      JSON.parse(red);
      return red;
    } catch {
      return '"[redacted]"'; // a secret value that contained JSON syntax: keep nothing rather than broken JSON
    }
  }

  /**
   * Newest-first rows, optionally for one user. Background skeleton refreshes are recorded like every action but
   * hidden unless asked for, so a user's own calls are not buried under the kernel's periodic reads.
   */
  list(limit = 50, userId?: string, opts: { includeSkeleton?: boolean } = {}): AuditRow[] {
    const n = Math.max(1, Math.min(1000, Math.floor(limit) || 50));
    const where: string[] = [];
    const params: unknown[] = [];
    if (userId) {
      where.push("user_id=?");
      params.push(userId);
    }
    if (!opts.includeSkeleton) where.push("(source IS NULL OR source <> 'skeleton')");
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, n) as Array<Record<string, unknown>>;
    return rows.map(toRow);
  }

  /** Number of rows (all users). */
  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM audit").get() as { n: number }).n;
  }
}

function toRow(r: Record<string, unknown>): AuditRow {
  const out: AuditRow = {
    id: r.id as string,
    ts: r.ts as string,
    tenant_id: r.tenant_id as string,
    user_id: r.user_id as string,
    app_id: r.app_id as string,
    tool: r.tool as string,
    action_type: r.action_type as string,
    args: JSON.parse(r.args as string),
    status: r.status as AuditStatus,
    duration_ms: r.duration_ms as number,
    retention_class: "federal_7y",
  };
  if (r.reason != null) out.reason = r.reason as string;
  if (r.error_code != null) out.error_code = r.error_code as string;
  if (r.source != null) out.source = r.source as string;
  if (r.call_id != null) out.call_id = r.call_id as string;
  if (r.confirmation_id != null) out.confirmation_id = r.confirmation_id as string;
  return out;
}
