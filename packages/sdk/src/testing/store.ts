import { createHash, randomUUID } from "node:crypto";
import { ImperalError, StoreConflict, ValidationError, SDK_ERROR_CODES } from "../errors/index.js";
import { COLLECTION_PATTERN } from "../patterns.js";
import type { Document, Page, QueryOptions, StoreClient } from "../context/types.js";
import type { TestClock } from "./clock.js";
import { jsonClone, jsonEqual } from "./json.js";

interface Row {
  id: string;
  collection: string;
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  rev: number;
  seq: number;
}

/** Identifies one partition of the store. */
export interface StoreScope {
  tenantId: string;
  userId: string;
  appId: string;
}

/** Backing data shared by every client made from it; clients only see their own (tenant, user, app) partition. */
export class MemoryStoreBackend {
  private readonly partitions = new Map<string, Map<string, Row>>();
  private seq = 0;
  constructor(readonly clock: TestClock) {}

  private part(scope: StoreScope): Map<string, Row> {
    const key = JSON.stringify([scope.tenantId, scope.userId, scope.appId]);
    let part = this.partitions.get(key);
    if (!part) {
      part = new Map();
      this.partitions.set(key, part);
    }
    return part;
  }

  /** A `ctx.store` client for one (tenant, user, extension). */
  client(scope: StoreScope): StoreClient {
    return new MemoryStoreClient(this.part(scope), this.clock, () => ++this.seq);
  }

  /** Users (any tenant) of `appId` with at least one document in `collection`, in first-write order. */
  usersWith(appId: string, collection: string): Array<{ tenantId: string; userId: string }> {
    const out: Array<{ tenantId: string; userId: string; first: number }> = [];
    for (const [key, part] of this.partitions) {
      const [tenantId, userId, app] = JSON.parse(key) as [string, string, string];
      if (app !== appId) continue;
      let first = Infinity;
      for (const row of part.values()) if (row.collection === collection) first = Math.min(first, row.seq);
      if (first !== Infinity) out.push({ tenantId, userId, first });
    }
    return out.sort((a, b) => a.first - b.first).map(({ tenantId, userId }) => ({ tenantId, userId }));
  }

  /** Documents of `collection` of every user of `appId`, each with its `userId` (field equality `where`). */
  queryAll(
    appId: string,
    collection: string,
    opts: { where?: Record<string, unknown>; limit?: number } = {},
  ): Array<Document & { userId: string }> {
    checkCollection(collection);
    const limit = Math.min(opts.limit ?? 100, MAX_LIMIT);
    const rows: Array<Row & { userId: string }> = [];
    for (const [key, part] of this.partitions) {
      const [, userId, app] = JSON.parse(key) as [string, string, string];
      if (app !== appId) continue;
      for (const row of part.values())
        if (row.collection === collection && matches(row, opts.where)) rows.push({ ...row, userId });
    }
    return rows
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit)
      .map((r) => ({ ...toDoc(r), userId: r.userId }));
  }

  /** Inserts documents synchronously (test setup); returns their ids in order. */
  seed(scope: StoreScope, collection: string, docs: readonly Record<string, unknown>[]): string[] {
    checkCollection(collection);
    const part = this.part(scope);
    return docs.map((d) => {
      const now = this.clock.now();
      const row: Row = {
        id: randomUUID(),
        collection,
        data: checkData(d, "seed document"),
        createdAt: now,
        updatedAt: now,
        rev: 1,
        seq: ++this.seq,
      };
      part.set(`${collection}\u0000${row.id}`, row);
      return row.id;
    });
  }
}

const MAX_LIMIT = 1000;

function checkCollection(c: unknown): string {
  if (typeof c !== "string" || !COLLECTION_PATTERN.test(c)) {
    throw new ValidationError(`Collection name "${String(c)}" must match ^[a-z][a-z0-9_]{0,63}$.`, {
      code: SDK_ERROR_CODES.STORE_INVALID_COLLECTION,
      fix: 'Use snake_case, e.g. "notes".',
    });
  }
  return c;
}
function checkData(data: unknown, what: string): Record<string, unknown> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ValidationError(`${what} must be a JSON object.`, {
      code: SDK_ERROR_CODES.STORE_INVALID_DATA,
      fix: 'Pass a plain object, e.g. { title: "..." }.',
    });
  }
  return jsonClone(data as Record<string, unknown>, what);
}
function etagOf(row: Row): string {
  return `"${createHash("sha256")
    .update(`${row.rev}:${JSON.stringify(row.data)}`)
    .digest("hex")
    .slice(0, 24)}"`;
}
function toDoc(row: Row): Document {
  return {
    id: row.id,
    collection: row.collection,
    data: jsonClone(row.data, "document"),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    etag: etagOf(row),
  };
}
function matches(row: Row, where: Record<string, unknown> | undefined): boolean {
  if (!where) return true;
  return Object.entries(where).every(([k, v]) => jsonEqual(row.data[k] ?? null, v ?? null));
}
function checkWhere(where: unknown): Record<string, unknown> | undefined {
  if (where === undefined || where === null) return undefined;
  if (typeof where !== "object" || Array.isArray(where)) {
    throw new ValidationError("where must be an object of field equalities.", {
      code: SDK_ERROR_CODES.STORE_INVALID_QUERY,
      fix: 'Use e.g. { where: { status: "open" } }.',
    });
  }
  return where as Record<string, unknown>;
}
function rank(v: unknown): number {
  if (v === undefined || v === null) return 3;
  if (typeof v === "number" || typeof v === "boolean") return 0;
  if (typeof v === "string") return 1;
  return 2;
}
function compare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) {
    const sa = JSON.stringify(a);
    const sb = JSON.stringify(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  if (ra === 3) return 0;
  const x = a as number | string;
  const y = b as number | string;
  return x < y ? -1 : x > y ? 1 : 0;
}
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}
function decodeCursor(cursor: string): number {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown };
    if (typeof v.o === "number" && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError("The cursor is not valid for this query.", {
    code: SDK_ERROR_CODES.STORE_INVALID_CURSOR,
    fix: "Pass the cursor returned by the previous page unchanged.",
  });
}

class MemoryStoreClient implements StoreClient {
  constructor(
    private readonly rows: Map<string, Row>,
    private readonly clock: TestClock,
    private readonly nextSeq: () => number,
  ) {}

  private key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  async create(collection: string, data: Record<string, unknown>): Promise<Document> {
    checkCollection(collection);
    const clean = checkData(data, "store.create data");
    const now = this.clock.now();
    const row: Row = {
      id: randomUUID(),
      collection,
      data: clean,
      createdAt: now,
      updatedAt: now,
      rev: 1,
      seq: this.nextSeq(),
    };
    this.rows.set(this.key(collection, row.id), row);
    return toDoc(row);
  }

  async get(collection: string, id: string): Promise<Document | null> {
    checkCollection(collection);
    const row = this.rows.get(this.key(collection, String(id)));
    return row ? toDoc(row) : null;
  }

  async query(collection: string, opts: QueryOptions = {}): Promise<Page<Document>> {
    checkCollection(collection);
    const where = checkWhere(opts.where);
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new ValidationError(`limit must be an integer in 1..${MAX_LIMIT}.`, {
        code: SDK_ERROR_CODES.STORE_INVALID_QUERY,
        fix: "Use a smaller page size and follow the cursor.",
      });
    }
    let rows = [...this.rows.values()].filter((r) => r.collection === collection && matches(r, where));
    rows.sort((a, b) => a.seq - b.seq);
    if (opts.orderBy !== undefined) {
      if (typeof opts.orderBy !== "string" || !/^-?[A-Za-z_][A-Za-z0-9_]*$/.test(opts.orderBy)) {
        throw new ValidationError(`orderBy "${String(opts.orderBy)}" must be "field" or "-field".`, {
          code: SDK_ERROR_CODES.STORE_INVALID_QUERY,
          fix: 'Use e.g. "-updatedAt" or "title".',
        });
      }
      const desc = opts.orderBy.startsWith("-");
      const field = desc ? opts.orderBy.slice(1) : opts.orderBy;
      const pick = (r: Row): unknown =>
        field in r.data
          ? r.data[field]
          : field === "createdAt"
            ? r.createdAt
            : field === "updatedAt"
              ? r.updatedAt
              : field === "id"
                ? r.id
                : undefined;
      rows = rows
        .map((r) => ({ r, v: pick(r) }))
        .sort((a, b) => {
          const c = compare(a.v, b.v);
          // Missing values stay last in both directions; ties keep insertion order.
          if (rank(a.v) === 3 || rank(b.v) === 3) return c || a.r.seq - b.r.seq;
          return (desc ? -c : c) || a.r.seq - b.r.seq;
        })
        .map((x) => x.r);
    }
    const offset = opts.cursor ? decodeCursor(opts.cursor) : 0;
    const page = rows.slice(offset, offset + limit);
    const hasMore = offset + limit < rows.length;
    return {
      data: page.map(toDoc),
      cursor: hasMore ? encodeCursor(offset + limit) : null,
      hasMore,
      total: rows.length,
    };
  }

  async update(
    collection: string,
    id: string,
    patch: Record<string, unknown>,
    opts: { ifMatch?: string } = {},
  ): Promise<Document> {
    checkCollection(collection);
    const clean = checkData(patch, "store.update patch");
    const row = this.rows.get(this.key(collection, String(id)));
    if (!row) {
      throw new ImperalError(
        SDK_ERROR_CODES.STORE_NOT_FOUND,
        `Document ${collection}/${id} does not exist.`,
        "Check the id (it may have been deleted) or create the document first.",
      );
    }
    if (opts.ifMatch !== undefined && opts.ifMatch !== etagOf(row)) throw new StoreConflict(collection, String(id));
    row.data = { ...row.data, ...clean };
    row.rev++;
    row.updatedAt = Math.max(this.clock.now(), row.updatedAt);
    return toDoc(row);
  }

  async delete(collection: string, id: string): Promise<boolean> {
    checkCollection(collection);
    return this.rows.delete(this.key(collection, String(id)));
  }

  async count(collection: string, opts: { where?: Record<string, unknown> } = {}): Promise<number> {
    checkCollection(collection);
    const where = checkWhere(opts.where);
    let n = 0;
    for (const r of this.rows.values()) if (r.collection === collection && matches(r, where)) n++;
    return n;
  }
}
