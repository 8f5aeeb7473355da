import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../state/db.js";
import { clientError } from "../errors.js";
import { isPlainObject, type ClientScope, type IdSink } from "./scope.js";

/** A stored document, as returned to handlers. */
export interface Document {
  id: string;
  collection: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  etag: string;
}
/** One page of a query. */
export interface Page {
  data: Document[];
  cursor: string | null;
  hasMore: boolean;
  total: number;
}
export type Where = Record<string, string | number | boolean | null>;
export interface QueryOptions {
  where?: Where;
  orderBy?: string;
  limit?: number;
  cursor?: string | null;
}

const COLLECTION_RE = /^[a-z][a-z0-9_]{0,63}$/;
const FIELD_RE = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const MAX_DOC_BYTES = 1024 * 1024;
const MAX_LIMIT = 1000;

function invalid(message: string, fix: string, code = "STORE_INVALID_QUERY"): Error {
  return clientError("ValidationError", code, message, fix);
}

/** The collection name, or STORE_INVALID_COLLECTION. */
export function checkCollection(coll: unknown): string {
  if (typeof coll !== "string" || !COLLECTION_RE.test(coll)) {
    throw invalid(
      `Collection name ${JSON.stringify(coll)} must match ^[a-z][a-z0-9_]{0,63}$.`,
      'Use snake_case, e.g. "notes".',
      "STORE_INVALID_COLLECTION",
    );
  }
  return coll;
}

function jsonPath(field: string): string {
  const parts = field.split(".");
  for (const p of parts) {
    if (!FIELD_RE.test(p))
      throw invalid(
        `Invalid field name ${JSON.stringify(field)}.`,
        "Use letters, digits and _ (dots for nested fields).",
      );
  }
  return "$" + parts.map((p) => `."${p}"`).join("");
}

function serialize(data: unknown, what: string): string {
  if (!isPlainObject(data))
    throw invalid(
      `${what} must be a plain JSON object.`,
      'Pass an object such as { title: "..." }.',
      "STORE_INVALID_DATA",
    );
  let text: string;
  try {
    text = JSON.stringify(data);
  } catch {
    throw invalid(
      `${what} is not JSON-serializable.`,
      "Remove cycles, BigInt and functions from the data.",
      "STORE_INVALID_DATA",
    );
  }
  if (Buffer.byteLength(text) > MAX_DOC_BYTES)
    throw invalid(
      `${what} is larger than 1 MiB.`,
      "Store large content with ctx.storage and keep a reference in the document.",
      "STORE_INVALID_DATA",
    );
  return text;
}

function newEtag(): string {
  return randomBytes(8).toString("hex");
}

/** A `documents` row. */
export interface Row {
  id: string;
  collection: string;
  data: string;
  created_at: string;
  updated_at: string;
  etag: string;
  seq: number;
}

/** A stored row as handlers see it. */
export function toDoc(r: Row): Document {
  return {
    id: r.id,
    collection: r.collection,
    data: JSON.parse(r.data),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    etag: r.etag,
  };
}

/** Builds the SQL equality filter for a `where` object. */
export function whereSql(where: Where | undefined): { sql: string; params: unknown[] } {
  if (where === undefined || where === null) return { sql: "", params: [] };
  if (!isPlainObject(where))
    throw invalid("`where` must be an object of field equalities.", 'Pass { where: { status: "open" } }.');
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(where)) {
    const path = jsonPath(field);
    if (value === null || value === undefined) {
      clauses.push("(json_type(data, ?) IS NULL OR json_type(data, ?) = 'null')");
      params.push(path, path);
    } else if (typeof value === "boolean") {
      clauses.push("json_type(data, ?) = ?");
      params.push(path, value ? "true" : "false");
    } else if (typeof value === "number") {
      if (!Number.isFinite(value))
        throw invalid(`where.${field} is not a finite number.`, "Compare against a finite number.");
      clauses.push("json_type(data, ?) IN ('integer','real') AND json_extract(data, ?) = ?");
      params.push(path, path, value);
    } else if (typeof value === "string") {
      clauses.push("json_type(data, ?) = 'text' AND json_extract(data, ?) = ?");
      params.push(path, path, value);
    } else if (typeof value === "object") {
      let text: string;
      try {
        text = JSON.stringify(value);
      } catch {
        throw invalid(`where.${field} is not JSON.`, "Compare against JSON values.");
      }
      clauses.push("json_type(data, ?) IN ('object','array') AND json_extract(data, ?) = json(?)");
      params.push(path, path, text);
    } else {
      throw invalid(
        `where.${field} must be JSON (field equality only).`,
        "Filter on JSON values; production supports equality only.",
      );
    }
  }
  return { sql: clauses.map((c) => ` AND (${c})`).join(""), params };
}

function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}
function decodeCursor(cursor: string, fingerprint: string): number {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof v?.o === "number" && Number.isInteger(v.o) && v.o >= 0 && v.f === fingerprint) return v.o;
  } catch {
    /* fall through */
  }
  throw invalid(
    "The cursor is not valid for this query.",
    "Pass the cursor returned by the previous page unchanged.",
    "STORE_INVALID_CURSOR",
  );
}

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  db: Db;
  scope: ClientScope;
  /** Receives every document id the store hands out (the seen-ids registry). */
  onIds?: IdSink;
  /** Time source for timestamps (tests drive it). */
  now?: () => number;
}

/** SQLite-backed document store for one (tenant, user, extension) partition. */
export class SqliteStore {
  private readonly db: Db;
  private readonly scope: ClientScope;
  private readonly onIds: IdSink | undefined;
  private readonly now: () => number;
  constructor(o: SqliteStoreOptions) {
    this.db = o.db;
    this.scope = o.scope;
    this.onIds = o.onIds;
    this.now = o.now ?? Date.now;
  }

  private part(): [string, string, string] {
    return [this.scope.tenantId, this.scope.userId, this.scope.appId];
  }

  private seen(ids: string[]): void {
    if (this.onIds && ids.length) this.onIds(ids);
  }

  /** Creates a document with a fresh id. */
  async create(collection: string, data: Record<string, unknown>): Promise<Document> {
    checkCollection(collection);
    const text = serialize(data, "Document data");
    const now = new Date(this.now()).toISOString();
    const id = randomBytes(10).toString("hex");
    const etag = newEtag();
    this.db
      .prepare(
        "INSERT INTO documents (tenant_id, user_id, app_id, collection, id, data, created_at, updated_at, etag) VALUES (?,?,?,?,?,?,?,?,?)",
      )
      .run(...this.part(), collection, id, text, now, now, etag);
    this.seen([id]);
    return { id, collection, data: JSON.parse(text), createdAt: now, updatedAt: now, etag };
  }

  /** Returns the document or null. */
  async get(collection: string, id: string): Promise<Document | null> {
    checkCollection(collection);
    if (typeof id !== "string" || id.length === 0) return null;
    const row = this.db
      .prepare("SELECT * FROM documents WHERE tenant_id=? AND user_id=? AND app_id=? AND collection=? AND id=?")
      .get(...this.part(), collection, id) as Row | undefined;
    if (!row) return null;
    this.seen([row.id]);
    return toDoc(row);
  }

  /** Field-equality query with ordering, limit and an opaque cursor. */
  async query(collection: string, opts: QueryOptions = {}): Promise<Page> {
    checkCollection(collection);
    opts = opts ?? {};
    if (opts !== undefined && !isPlainObject(opts as unknown))
      throw invalid("Query options must be an object.", "Pass { where, orderBy, limit, cursor }.");
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw invalid(
        `limit must be an integer in 1..${MAX_LIMIT}.`,
        "Use a limit between 1 and 1000 and page with the cursor.",
      );
    const w = whereSql(opts.where);
    let order = "seq ASC";
    const orderParams: unknown[] = [];
    if (opts.orderBy !== undefined && opts.orderBy !== null) {
      if (typeof opts.orderBy !== "string" || !/^-?[A-Za-z_][A-Za-z0-9_]*$/.test(opts.orderBy))
        throw invalid(
          `orderBy ${JSON.stringify(opts.orderBy)} must be "field" or "-field".`,
          'Use e.g. "-updatedAt" or "title".',
        );
      const desc = opts.orderBy.startsWith("-");
      const field = desc ? opts.orderBy.slice(1) : opts.orderBy;
      const dir = desc ? "DESC" : "ASC";
      const path = jsonPath(field);
      const col =
        field === "createdAt" ? "created_at" : field === "updatedAt" ? "updated_at" : field === "id" ? "id" : null;
      // Same order as the testing kit: numbers/booleans, then strings, then objects; missing/null last in both directions.
      const v = col
        ? `CASE WHEN json_type(data, ?) IS NULL THEN ${col} ELSE json_extract(data, ?) END`
        : "json_extract(data, ?)";
      const t = col ? `COALESCE(json_type(data, ?), 'text')` : "json_type(data, ?)";
      order =
        `CASE ${t} WHEN 'integer' THEN 0 WHEN 'real' THEN 0 WHEN 'true' THEN 0 WHEN 'false' THEN 0 ` +
        `WHEN 'text' THEN 1 WHEN 'object' THEN 2 WHEN 'array' THEN 2 ELSE 3 END ASC, ` +
        `CASE WHEN ${t} IN ('object','array') THEN NULL ELSE ${v} END ${dir}, ` +
        `CASE WHEN ${t} IN ('object','array') THEN json_extract(data, ?) END ${dir}, seq ASC`;
      if (col) orderParams.push(path, path, path, path, path, path);
      else orderParams.push(path, path, path, path, path);
    }
    const fingerprint = createHash("sha256")
      .update(JSON.stringify([collection, opts.where ?? null, opts.orderBy ?? null]))
      .digest("hex")
      .slice(0, 16);
    const offset = opts.cursor ? decodeCursor(opts.cursor, fingerprint) : 0;
    const base = "FROM documents WHERE tenant_id=? AND user_id=? AND app_id=? AND collection=?" + w.sql;
    const params = [...this.part(), collection, ...w.params];
    const total = (this.db.prepare(`SELECT count(*) AS n ${base}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * ${base} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, ...orderParams, limit + 1, offset) as Row[];
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit).map(toDoc);
    this.seen(page.map((d) => d.id));
    return { data: page, cursor: hasMore ? encodeCursor(offset + limit, fingerprint) : null, hasMore, total };
  }

  /** Shallow-merges `patch` into the document; a stale `ifMatch` raises StoreConflict. */
  async update(
    collection: string,
    id: string,
    patch: Record<string, unknown>,
    opts: { ifMatch?: string } = {},
  ): Promise<Document> {
    checkCollection(collection);
    serialize(patch, "Patch");
    const tx = this.db.transaction((): Document => {
      const row = this.db
        .prepare("SELECT * FROM documents WHERE tenant_id=? AND user_id=? AND app_id=? AND collection=? AND id=?")
        .get(...this.part(), collection, id) as Row | undefined;
      if (!row)
        throw clientError(
          "ImperalError",
          "STORE_NOT_FOUND",
          `No document ${JSON.stringify(id)} in "${collection}".`,
          "Check the id (ctx.store.get returns null for unknown ids).",
        );
      if (opts?.ifMatch !== undefined && opts.ifMatch !== row.etag) {
        throw clientError(
          "StoreConflict",
          "STORE_CONFLICT",
          `Document ${JSON.stringify(id)} was changed since etag ${JSON.stringify(opts.ifMatch)}.`,
          "Re-read the document and retry the update with its current etag.",
        );
      }
      const merged = { ...JSON.parse(row.data), ...patch };
      const text = serialize(merged, "Document data");
      const now = new Date(this.now()).toISOString();
      const etag = newEtag();
      this.db.prepare("UPDATE documents SET data=?, updated_at=?, etag=? WHERE seq=?").run(text, now, etag, row.seq);
      return { id: row.id, collection, data: JSON.parse(text), createdAt: row.created_at, updatedAt: now, etag };
    });
    return tx();
  }

  /** Deletes a document; true when it existed. */
  async delete(collection: string, id: string): Promise<boolean> {
    checkCollection(collection);
    const r = this.db
      .prepare("DELETE FROM documents WHERE tenant_id=? AND user_id=? AND app_id=? AND collection=? AND id=?")
      .run(...this.part(), collection, id);
    return r.changes > 0;
  }

  /** Counts documents matching `where`. */
  async count(collection: string, opts: { where?: Where } = {}): Promise<number> {
    checkCollection(collection);
    const w = whereSql(opts?.where);
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM documents WHERE tenant_id=? AND user_id=? AND app_id=? AND collection=?${w.sql}`,
        )
        .get(...this.part(), collection, ...w.params) as { n: number }
    ).n;
  }
}
