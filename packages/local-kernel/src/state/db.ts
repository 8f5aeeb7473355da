import Database from "better-sqlite3";
import { join } from "node:path";
import { ensurePrivateDir, ensurePrivateFile, privateIfExists, securePrivateTree } from "./paths.js";

export type Db = Database.Database;

/**
 * Durability mode of the kernel database (see docs/architecture.md, "Durability"):
 * - "GROUP" (default): WAL + synchronous=NORMAL, and replies wait for a shared fsync of the WAL (group commit);
 * - "FULL": WAL + synchronous=FULL (SQLite fsyncs every commit);
 * - "NORMAL": WAL + synchronous=NORMAL only (survives process crashes, not power loss).
 */
export type SyncMode = "GROUP" | "NORMAL" | "FULL";

// One schema for every table of the kernel database (documents, cache, secrets, audit, confirmations, seen ids,
// skeleton snapshots, fact ledger).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, app_id TEXT NOT NULL,
  collection TEXT NOT NULL, id TEXT NOT NULL,
  data TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, etag TEXT NOT NULL,
  UNIQUE (tenant_id, user_id, app_id, collection, id)
);
CREATE INDEX IF NOT EXISTS documents_part ON documents (tenant_id, user_id, app_id, collection, seq);
CREATE TABLE IF NOT EXISTS cache (
  tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, app_id TEXT NOT NULL, key TEXT NOT NULL,
  value TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id, app_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS secrets (
  tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, app_id TEXT NOT NULL, name TEXT NOT NULL,
  value TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, user_id, app_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, ts TEXT NOT NULL, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL CHECK (user_id <> ''),
  app_id TEXT NOT NULL, tool TEXT NOT NULL, action_type TEXT NOT NULL, args TEXT NOT NULL,
  status TEXT NOT NULL, reason TEXT, error_code TEXT, duration_ms REAL NOT NULL,
  retention_class TEXT NOT NULL, source TEXT, call_id TEXT, confirmation_id TEXT, caller_app_id TEXT
);
CREATE INDEX IF NOT EXISTS audit_user ON audit (user_id, seq);
-- Append-only, except that a row written 'started' before its handler runs (SPEC 10: a kill -9 mid-call still leaves
-- a trace) may receive its outcome once (and its args, re-redacted); identity columns never change.
DROP TRIGGER IF EXISTS audit_no_update;
CREATE TRIGGER IF NOT EXISTS audit_complete_started_only BEFORE UPDATE ON audit
WHEN OLD.status <> 'started'
  OR NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.ts IS NOT OLD.ts OR NEW.tenant_id IS NOT OLD.tenant_id
  OR NEW.user_id IS NOT OLD.user_id OR NEW.app_id IS NOT OLD.app_id OR NEW.tool IS NOT OLD.tool
  OR NEW.action_type IS NOT OLD.action_type OR NEW.retention_class IS NOT OLD.retention_class
  OR NEW.source IS NOT OLD.source OR NEW.confirmation_id IS NOT OLD.confirmation_id
BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only (only a started row may be completed)'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only'); END;
CREATE TABLE IF NOT EXISTS confirmations (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, app_id TEXT NOT NULL,
  calls TEXT NOT NULL, calls_sha256 TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL,
  created_at TEXT NOT NULL, resolved_at TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen_ids (
  user_id TEXT NOT NULL, app_id TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,
  PRIMARY KEY (user_id, app_id, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skeleton_snapshots (
  user_id TEXT NOT NULL, app_id TEXT NOT NULL, section TEXT NOT NULL,
  data TEXT NOT NULL, refreshed_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, app_id, section)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fact_ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL, app_id TEXT NOT NULL, turn_id TEXT NOT NULL, entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_ledger_user ON fact_ledger (user_id, app_id, seq);
CREATE TABLE IF NOT EXISTS kv (
  ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ns, key)
) WITHOUT ROWID;
`;

/**
 * Opens (and migrates) the kernel database `<stateDir>/kernel.db` in WAL mode. First it makes the state dir
 * private: every directory 0700 and every file 0600 (database, WAL, SHM, log, storage), also when an older run or
 * another tool created them with a wider mode — `mkdir`/`open` modes only apply to what they create.
 */
export function openKernelDb(stateDir: string, sync: SyncMode = "GROUP"): Db {
  ensurePrivateDir(stateDir);
  securePrivateTree(stateDir);
  const file = join(stateDir, "kernel.db");
  ensurePrivateFile(file); // born 0600; SQLite gives the WAL and SHM the database file's mode
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${sync === "FULL" ? "FULL" : "NORMAL"}`);
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  migrate(db);
  for (const f of [`${file}-wal`, `${file}-shm`]) privateIfExists(f);
  return db;
}

/** Columns added after a state dir may have been created: added in place, nothing rewritten. */
function migrate(db: Db): void {
  const cols = new Set((db.prepare("PRAGMA table_info(audit)").all() as Array<{ name: string }>).map((c) => c.name));
  if (!cols.has("caller_app_id")) db.exec("ALTER TABLE audit ADD COLUMN caller_app_id TEXT");
}
