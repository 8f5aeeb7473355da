// ctx.config (SPEC 7.2): read-only configuration, resolved in layers (later wins): the extension's
// `configDefaults`, then the `app` object, then the `users.<userId>` object of `.imperal/config.json` (or the
// same object given to createKernel / createTestContext). Objects merge deeply; arrays and scalars replace.

/** The `.imperal/config.json` shape: `{ "app": {...}, "users": { "<userId>": {...} } }`. */
export interface ConfigFile {
  app?: Record<string, unknown>;
  users?: Record<string, Record<string, unknown>>;
}

/** Read-only configuration of the extension for the acting user. */
export interface ConfigClient {
  /** The value at a dotted path (`"backend.url"`), or `fallback` when absent. Objects are deep copies. */
  get<T = unknown>(path: string, fallback?: T): T | undefined;
  /** A deep copy of a sub-object (`{}` when absent or not an object). */
  section(name: string): Record<string, unknown>;
  /** A deep copy of the whole resolved configuration. */
  all(): Record<string, unknown>;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function copy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Deep merge: objects merge key by key, everything else (arrays included) is replaced by the later layer. */
export function mergeConfig(base: Record<string, unknown>, over: unknown): Record<string, unknown> {
  if (!isPlain(over)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (k === "__proto__" || k === "constructor" || k === "prototype") continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? mergeConfig(out[k] as Record<string, unknown>, v) : copy(v);
  }
  return out;
}

/** Resolves the layers for one user. */
export function resolveConfig(
  defaults: Record<string, unknown> | undefined,
  file: ConfigFile | undefined,
  userId: string | undefined,
): Record<string, unknown> {
  let out = mergeConfig({}, defaults ?? {});
  out = mergeConfig(out, file?.app);
  if (userId !== undefined) out = mergeConfig(out, file?.users?.[userId]);
  return out;
}

/** A ConfigClient over an already resolved configuration. */
export function createConfigClient(resolved: Record<string, unknown>): ConfigClient {
  const data = copy(resolved);
  return Object.freeze({
    get<T = unknown>(path: string, fallback?: T): T | undefined {
      if (typeof path !== "string" || path === "")
        throw new TypeError("ctx.config.get: path must be a non-empty string.");
      let cur: unknown = data;
      for (const part of path.split(".")) {
        if (!isPlain(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return fallback;
        cur = cur[part];
      }
      return cur === undefined ? fallback : copy(cur as T);
    },
    section(name: string): Record<string, unknown> {
      const v = data[name];
      return isPlain(v) ? copy(v) : {};
    },
    all(): Record<string, unknown> {
      return copy(data);
    },
  });
}
