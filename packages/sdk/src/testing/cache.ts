import { ValidationError, SDK_ERROR_CODES } from "../errors/index.js";
import { CACHE_KEY_PATTERN } from "../patterns.js";
import { safeParseAny, type SchemaLike } from "../schema/index.js";
import type { CacheClient, CacheSetOptions } from "../context/types.js";
import type { TestClock } from "./clock.js";

/** Cache limits (SPEC 1.3). */
export const CACHE_LIMITS = {
  minTtlSeconds: 5,
  maxTtlSeconds: 300,
  defaultTtlSeconds: 60,
  maxValueBytes: 64 * 1024,
} as const;

/** Validates a cache key; throws `ValidationError` (`CACHE_INVALID_KEY`). */
export function checkCacheKey(key: unknown): string {
  if (typeof key !== "string" || !CACHE_KEY_PATTERN.test(key)) {
    throw new ValidationError(`Cache key "${String(key)}" must match ^[A-Za-z0-9_:-]{1,128}$.`, {
      code: SDK_ERROR_CODES.CACHE_INVALID_KEY,
      fix: 'Use letters, digits, "_", ":" and "-", e.g. "notes:recent".',
    });
  }
  return key;
}
/** Validates a TTL; throws `ValidationError` (`CACHE_INVALID_TTL`). */
export function checkCacheTtl(ttl: unknown): number {
  const t = ttl ?? CACHE_LIMITS.defaultTtlSeconds;
  if (
    typeof t !== "number" ||
    !Number.isInteger(t) ||
    t < CACHE_LIMITS.minTtlSeconds ||
    t > CACHE_LIMITS.maxTtlSeconds
  ) {
    throw new ValidationError(
      `ttlSeconds ${String(ttl)} is outside ${CACHE_LIMITS.minTtlSeconds}..${CACHE_LIMITS.maxTtlSeconds}.`,
      {
        code: SDK_ERROR_CODES.CACHE_INVALID_TTL,
        fix: "Use an integer between 5 and 300; keep longer-lived data in ctx.store.",
      },
    );
  }
  return t;
}
/** Serializes a value exactly as stored and enforces the 64 KiB limit on its UTF-8 bytes. */
export function serializeCacheValue(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new ValidationError(`Cache value is not JSON-serializable: ${(err as Error).message}`, {
      code: SDK_ERROR_CODES.CACHE_NOT_JSON,
      fix: "Cache plain JSON values.",
    });
  }
  if (text === undefined) {
    throw new ValidationError("Cache value is not JSON-serializable.", {
      code: SDK_ERROR_CODES.CACHE_NOT_JSON,
      fix: "Cache plain JSON values (not undefined or functions).",
    });
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > CACHE_LIMITS.maxValueBytes) {
    throw new ValidationError(`Cache value is ${bytes} bytes serialized; the limit is ${CACHE_LIMITS.maxValueBytes}.`, {
      code: SDK_ERROR_CODES.CACHE_VALUE_TOO_LARGE,
      fix: "Cache a smaller projection (ids, counts) or keep the data in ctx.store.",
    });
  }
  return text;
}

/** Shared cache storage; clients are partitioned per (tenant, user, app). */
export class MemoryCacheBackend {
  private readonly parts = new Map<string, Map<string, { text: string; expiresAt: number }>>();
  constructor(readonly clock: TestClock) {}

  /** A `ctx.cache` client for one (tenant, user, extension). */
  client(scope: { tenantId: string; userId: string; appId: string }): CacheClient {
    const k = JSON.stringify([scope.tenantId, scope.userId, scope.appId]);
    let part = this.parts.get(k);
    if (!part) {
      part = new Map();
      this.parts.set(k, part);
    }
    const entries = part;
    const clock = this.clock;
    const read = (key: string, schema?: SchemaLike): unknown => {
      const e = entries.get(key);
      if (!e) return null;
      if (clock.now() >= e.expiresAt) {
        entries.delete(key);
        return null;
      }
      const value = JSON.parse(e.text) as unknown;
      if (schema === undefined) return value;
      const r = safeParseAny(schema, value);
      return r.success ? r.data : null;
    };
    const write = (key: string, value: unknown, opts: CacheSetOptions = {}): void => {
      const ttl = checkCacheTtl(opts.ttlSeconds);
      const text = serializeCacheValue(value);
      entries.set(key, { text, expiresAt: clock.now() + ttl * 1000 });
    };
    const client: CacheClient = {
      async get(key: string, schema?: SchemaLike) {
        return read(checkCacheKey(key), schema) as never;
      },
      async set(key, value, opts) {
        write(checkCacheKey(key), value, opts);
      },
      async delete(key) {
        return entries.delete(checkCacheKey(key));
      },
      async getOrFetch<T>(
        key: string,
        fetcher: () => T | Promise<T>,
        opts: CacheSetOptions & { schema?: SchemaLike<T> } = {},
      ): Promise<T> {
        checkCacheKey(key);
        checkCacheTtl(opts.ttlSeconds);
        const hit = read(key, opts.schema);
        if (hit !== null) return hit as T;
        const fresh = await fetcher();
        try {
          write(key, fresh, opts);
        } catch {
          // Serving the fresh value matters more than caching it (the Python SDK blanked callers when an
          // 83 KB value failed to cache).
        }
        return fresh;
      },
    };
    return client;
  }
}
