import type { Db } from "../state/db.js";
import { clientError } from "../errors.js";
import type { ClientScope } from "./scope.js";

const KEY_RE = /^[A-Za-z0-9_:-]{1,128}$/;
/** Largest serialized value the cache accepts (bytes of the JSON text, UTF-8). */
export const CACHE_MAX_BYTES = 64 * 1024;

interface SchemaLike {
  safeParse(v: unknown): { success: boolean; data?: unknown };
}

function bad(message: string, fix: string, code: string): Error {
  return clientError("ValidationError", code, message, fix);
}
function checkKey(key: unknown): string {
  if (typeof key !== "string" || !KEY_RE.test(key))
    throw bad(
      `Invalid cache key ${JSON.stringify(key)}.`,
      "Use 1-128 chars of A-Z a-z 0-9 _ : -.",
      "CACHE_INVALID_KEY",
    );
  return key;
}
/** Validates a TTL (5..300 s, default 60). */
export function checkTtl(ttl: unknown): number {
  if (ttl === undefined) return 60;
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 5 || ttl > 300)
    throw bad(
      `ttlSeconds must be an integer in 5..300 (got ${String(ttl)}).`,
      "Pick a TTL between 5 and 300 seconds.",
      "CACHE_INVALID_TTL",
    );
  return ttl;
}
/** Serializes a value for the cache, enforcing the 64 KiB limit on the real bytes. */
export function serializeCacheValue(value: unknown): string {
  if (value === undefined) throw bad("Cannot cache undefined.", "Cache null or an object instead.", "CACHE_NOT_JSON");
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined)
    throw bad("Cache value is not JSON-serializable.", "Cache plain JSON data.", "CACHE_NOT_JSON");
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > CACHE_MAX_BYTES)
    throw bad(
      `Cache value is ${bytes} bytes serialized; the limit is 65536.`,
      "Cache a smaller projection of the data (ids and counts) or use ctx.store.",
      "CACHE_VALUE_TOO_LARGE",
    );
  return text;
}

/** SQLite-backed per-user TTL cache. */
export class SqliteCache {
  constructor(
    private readonly db: Db,
    private readonly scope: ClientScope,
    private readonly now: () => number = Date.now,
  ) {}

  private part(): [string, string, string] {
    return [this.scope.tenantId, this.scope.userId, this.scope.appId];
  }

  /** Returns the cached value, or null when missing, expired or not matching `schema`. */
  async get(key: string, schema?: SchemaLike): Promise<unknown> {
    checkKey(key);
    const row = this.db
      .prepare("SELECT value, expires_at FROM cache WHERE tenant_id=? AND user_id=? AND app_id=? AND key=?")
      .get(...this.part(), key) as { value: string; expires_at: number } | undefined;
    if (!row) return null;
    if (row.expires_at <= this.now()) {
      this.db
        .prepare("DELETE FROM cache WHERE tenant_id=? AND user_id=? AND app_id=? AND key=?")
        .run(...this.part(), key);
      return null;
    }
    const value = JSON.parse(row.value);
    if (schema && typeof schema.safeParse === "function") {
      const r = schema.safeParse(value);
      return r.success ? r.data : null;
    }
    return value;
  }

  /** Stores a value for `ttlSeconds` (5..300, default 60). */
  async set(key: string, value: unknown, opts: { ttlSeconds?: number } = {}): Promise<void> {
    checkKey(key);
    const ttl = checkTtl(opts?.ttlSeconds);
    const text = serializeCacheValue(value);
    this.db
      .prepare("INSERT OR REPLACE INTO cache (tenant_id, user_id, app_id, key, value, expires_at) VALUES (?,?,?,?,?,?)")
      .run(...this.part(), key, text, this.now() + ttl * 1000);
  }

  /** Removes a key; true when it was present. */
  async delete(key: string): Promise<boolean> {
    checkKey(key);
    return (
      this.db
        .prepare("DELETE FROM cache WHERE tenant_id=? AND user_id=? AND app_id=? AND key=?")
        .run(...this.part(), key).changes > 0
    );
  }

  /** Returns the cached value or calls `fetcher`, caches and returns its result. */
  async getOrFetch(
    key: string,
    fetcher: () => unknown | Promise<unknown>,
    opts: { ttlSeconds?: number; schema?: SchemaLike } = {},
  ): Promise<unknown> {
    checkKey(key);
    checkTtl(opts?.ttlSeconds);
    const hit = await this.get(key, opts?.schema);
    if (hit !== null) return hit;
    const value = await fetcher();
    try {
      await this.set(key, value, { ttlSeconds: opts?.ttlSeconds });
    } catch (e) {
      // A value too large (or not JSON) to cache is still served, just not cached.
      if (
        (e as { code?: string }).code !== "CACHE_VALUE_TOO_LARGE" &&
        (e as { code?: string }).code !== "CACHE_NOT_JSON"
      )
        throw e;
    }
    return value;
  }
}
