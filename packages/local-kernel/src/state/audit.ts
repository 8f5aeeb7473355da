import { KernelError } from "../errors.js";
import { redactionFor, type Redaction, type SensitiveLookup } from "../sensitive/redact.js";
import { newId } from "../util/ids.js";
import type { Db } from "./db.js";

/**
 * What happened to one action, in the SPEC's words: `executed` (ran and succeeded), `confirmed` (ran after the user
 * accepted its confirmation), `rejected` (a gate stopped it before any handler code), `cancelled`; plus `failed`
 * (ran and returned or threw an error; see error_code), `intercepted` (held for confirmation), `timeout`, `promoted`,
 * `skipped` (a schedule fire that found its previous run still going), and `started`: the handler was about to run and the row was never completed — the kernel died mid-call.
 */
export type AuditStatus =
  | "executed"
  | "confirmed"
  | "failed"
  | "rejected"
  | "intercepted"
  | "cancelled"
  | "timeout"
  | "promoted"
  | "skipped"
  | "started";
/** Statuses callers record; `succeeded` becomes `executed` or `confirmed` in the ledger. */
export type AuditInputStatus = Exclude<AuditStatus, "started"> | "succeeded";

/** How a started row ends (see {@link AuditLedger.complete}). */
export type AuditCompletion = Pick<AuditInput, "status" | "reason" | "errorCode" | "durationMs" | "callId">;

/** One row to record. `args` and `reason` are redacted by the ledger itself, whoever records them. */
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
  /** The extension whose `ctx.extensions.call` made this call (SPEC 7.6). */
  callerAppId?: string;
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
  caller_app_id?: string;
}

/** Replaces a user's secret values in text (JSON of the args) before it is stored. */
export type Redactor = (userId: string, text: string) => string;

/** Options of {@link AuditLedger}. */
export interface AuditLedgerOptions {
  db: Db;
  appId: string;
  redact: Redactor;
  /** The tool's declared sensitive paths (SPEC 7.7); without it only the default key pattern applies. */
  sensitive?: SensitiveLookup;
  /** Told of every row that is final (appended with its outcome, or a started row completed): one per finished call. */
  onFinal?: (row: FinalRow) => void;
}

/** What {@link AuditLedgerOptions.onFinal} is told: the row's identity and outcome, never its args. */
export interface FinalRow {
  id: string;
  userId: string;
  tool: string;
  actionType: string;
  status: AuditStatus;
  durationMs: number;
  source?: string;
  errorCode?: string;
  reason?: string;
}

/**
 * The only writer of audit rows. Append-only (SQLite triggers refuse DELETE and any UPDATE but completing a `started`
 * row); every row's args pass through the redactor and the sensitive-args redaction (its reason is scrubbed of the
 * same values), so no caller can store a secret or a sensitive argument in clear by forgetting to redact.
 */
export class AuditLedger {
  private readonly insert;
  private readonly completeRow;
  private readonly db: Db;
  private readonly appId: string;
  private readonly redact: Redactor;
  private readonly sensitive: SensitiveLookup;
  private readonly onFinal: ((row: FinalRow) => void) | undefined;
  /** Identity of rows written `started` and not completed yet (what onFinal and redaction need when they complete). */
  private readonly open = new Map<string, Pick<FinalRow, "userId" | "tool" | "actionType" | "source">>();
  constructor(opts: AuditLedgerOptions) {
    this.db = opts.db;
    this.onFinal = opts.onFinal;
    this.appId = opts.appId;
    this.redact = opts.redact;
    this.sensitive = opts.sensitive ?? (() => undefined);
    this.insert = opts.db.prepare(
      `INSERT INTO audit (id, ts, tenant_id, user_id, app_id, tool, action_type, args, status, reason, error_code,
         duration_ms, retention_class, source, call_id, confirmation_id, caller_app_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'federal_7y',?,?,?,?)`,
    );
    this.completeRow = opts.db.prepare(
      `UPDATE audit SET status=?, reason=?, error_code=?, duration_ms=?, call_id=?, args=?
       WHERE id=? AND status='started'`,
    );
    this.recoverStarted();
  }

  /**
   * Rows a killed kernel left `started` stay `started` (that is the trace), but their args are redacted again with
   * the secrets known now: the interrupted handler may have stored a secret that was passed in its args.
   */
  private recoverStarted(): void {
    const rows = this.db.prepare("SELECT id, user_id, args FROM audit WHERE status='started'").all() as Array<{
      id: string;
      user_id: string;
      args: string;
    }>;
    const upd = this.db.prepare("UPDATE audit SET args=? WHERE id=? AND status='started'");
    for (const r of rows) {
      const red = this.redactText(r.user_id, r.args);
      if (red !== r.args) upd.run(red, r.id);
    }
  }

  /** Appends one row (committed before it returns; see durability.ts for fsync); fails closed without a user id. */
  append(r: AuditInput): string {
    const status: AuditStatus = r.status === "succeeded" ? (r.confirmationId ? "confirmed" : "executed") : r.status;
    const red = this.redaction(r.tool, r.args);
    const id = this.write(r, status, red);
    this.final({ id, ...r, status, reason: this.reasonText(r.userId, red, r.reason) });
    return id;
  }

  /**
   * Records an action whose handler is about to run, as `started` (committed before it returns, so it survives a
   * kill -9 of the kernel during the handler). `complete` gives it its outcome; a row left `started` marks a call the
   * kernel never finished.
   */
  start(r: Omit<AuditInput, "status" | "durationMs" | "reason" | "errorCode">): string {
    const id = this.write({ ...r, durationMs: 0 }, "started", this.redaction(r.tool, r.args));
    this.open.set(id, { userId: r.userId, tool: r.tool, actionType: r.actionType, source: r.source });
    return id;
  }

  /** Completes a `started` row with the call's outcome (once: a completed row never changes again). */
  complete(id: string, r: AuditCompletion & { userId: string; args: unknown; confirmed?: boolean }): void {
    const status: AuditStatus = r.status === "succeeded" ? (r.confirmed ? "confirmed" : "executed") : r.status;
    const who = this.open.get(id);
    // A row started before a restart has no tool here: the default key pattern still applies to it.
    const red = this.redaction(who?.tool, r.args);
    const reason = this.reasonText(r.userId, red, r.reason);
    const done = this.completeRow.run(
      status,
      reason ?? null,
      r.errorCode ?? null,
      Math.round(r.durationMs * 1000) / 1000,
      r.callId ?? null,
      this.argsText(r.userId, red),
      id,
    );
    if (done.changes !== 1) {
      throw new KernelError(
        "INTERNAL_ERROR",
        `Audit row ${id} is not a started row.`,
        "Report this: every started row is completed exactly once.",
        500,
      );
    }
    this.open.delete(id);
    if (who) this.final({ id, ...who, status, durationMs: r.durationMs, errorCode: r.errorCode, reason });
  }

  private final(row: FinalRow & Record<string, unknown>): void {
    if (!this.onFinal) return;
    try {
      this.onFinal({
        id: row.id,
        userId: row.userId,
        tool: row.tool,
        actionType: row.actionType,
        status: row.status,
        durationMs: row.durationMs,
        ...(row.source !== undefined ? { source: row.source } : {}),
        ...(row.errorCode !== undefined ? { errorCode: row.errorCode } : {}),
        ...(row.reason !== undefined ? { reason: row.reason } : {}),
      });
    } catch {
      // a listener's failure never costs the audit row
    }
  }

  private write(r: Omit<AuditInput, "status">, status: AuditStatus, red: Redaction): string {
    if (typeof r.userId !== "string" || r.userId.trim() === "") {
      throw new KernelError(
        "AUDIT_NO_USER",
        "Refusing an action with no acting user id (the audit ledger fails closed).",
        "Send the X-Acting-User header / pass a user id.",
        400,
      );
    }
    const id = newId("aud", 10);
    this.insert.run(
      id,
      new Date().toISOString(),
      r.tenantId,
      r.userId,
      this.appId,
      r.tool,
      r.actionType,
      this.argsText(r.userId, red),
      status,
      this.reasonText(r.userId, red, r.reason) ?? null,
      r.errorCode ?? null,
      Math.round(r.durationMs * 1000) / 1000,
      r.source ?? null,
      r.callId ?? null,
      r.confirmationId ?? null,
      r.callerAppId ?? null,
    );
    return id;
  }

  /** The sensitive-args redaction of one row (SPEC 7.7). */
  private redaction(tool: string | undefined, args: unknown): Redaction {
    return redactionFor(tool === undefined ? undefined : this.sensitive(tool), args);
  }

  /** A reason as stored: free text that may quote the args (guard messages, thrown errors), scrubbed of both. */
  private reasonText(userId: string, red: Redaction, reason: string | undefined): string | undefined {
    return reason === undefined ? undefined : this.redact(userId, red.text(reason));
  }

  /** The args as stored: JSON of the redacted args with the user's secret values replaced by `[redacted]`. */
  private argsText(userId: string, red: Redaction): string {
    let text: string;
    try {
      text = JSON.stringify(red.args ?? {}) ?? "{}";
    } catch {
      return '"[unserializable]"';
    }
    return this.redactText(userId, text);
  }

  /** `text` (args JSON) with the user's secret values replaced; never broken JSON. */
  private redactText(userId: string, text: string): string {
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
  if (r.caller_app_id != null) out.caller_app_id = r.caller_app_id as string;
  return out;
}
