import type { CallSession, KernelCore } from "../core.js";
import { clientError } from "../errors.js";
import type { KernelUser } from "../users.js";
import { embeddedComplete, openaiComplete } from "./ai.js";
import { SqliteCache, checkTtl } from "./cache.js";
import { httpRequest } from "./http.js";
import { SqliteSecrets, type SecretDecl } from "./secrets.js";
import { FileStorage } from "./storage.js";
import { SqliteStore } from "./store.js";
import type { ClientScope } from "./scope.js";

/** The kernel-side clients of one user (what the worker's ctx proxies reach). */
export interface UserClients {
  store: SqliteStore;
  cache: SqliteCache;
  secrets: SqliteSecrets;
  storage: FileStorage;
}

/** Builds (and caches) the SQLite/file clients for a user of the loaded extension. */
export class ClientPool {
  private readonly pool = new Map<string, UserClients>();
  private declaredKey = "";
  constructor(private readonly core: KernelCore) {}

  private declared(): Map<string, SecretDecl> {
    return new Map((this.core.host.info?.secrets ?? []).map((s) => [s.name, s]));
  }

  /** Clients bound to (tenant, user, app) of `user`. */
  for(user: KernelUser): UserClients {
    const key = JSON.stringify((this.core.host.info?.secrets ?? []).map((s) => [s.name, s.writeMode, s.maxBytes]));
    if (key !== this.declaredKey) { this.pool.clear(); this.declaredKey = key; }
    let c = this.pool.get(user.id);
    if (!c) {
      const scope: ClientScope = { tenantId: user.tenantId, userId: user.id, appId: this.core.appId };
      c = {
        store: new SqliteStore(this.core.db, scope, (ids) => this.core.seen.add(user.id, ids, "store")),
        cache: new SqliteCache(this.core.db, scope),
        secrets: new SqliteSecrets(this.core.db, scope, this.declared(), this.core.secretSources),
        storage: new FileStorage(this.core.stateDir, scope),
      };
      this.pool.set(user.id, c);
    }
    return c;
  }

  /** Replaces any of the user's secret values in `text` with `[redacted]`. */
  redact(user: KernelUser, text: string): string {
    let out = text;
    for (const v of this.for(user).secrets.valuesForRedaction()) out = out.split(v).join("[redacted]");
    return out;
  }

  /** Drops cached clients of a user. */
  forget(userId: string): void { this.pool.delete(userId); }
}

const ALLOWED: Record<string, readonly string[]> = {
  store: ["create", "get", "query", "update", "delete", "count"],
  cache: ["get", "set", "delete", "checkTtl"],
  http: ["request"],
  ai: ["complete"],
  notify: ["send"],
  secrets: ["get", "set", "delete", "isSet", "list"],
  storage: ["upload", "download", "delete", "list"],
  skeleton: ["get"],
};

/** Serves a ctx-client RPC for a running call. The user comes from the kernel's session, never from the worker. */
export async function serveRpc(core: KernelCore, pool: ClientPool, callId: number, client: string, method: string, args: unknown[], from?: unknown): Promise<unknown> {
  const s: CallSession | undefined = core.sessions.get(callId);
  if (!s || (from !== undefined && s.worker !== undefined && s.worker !== from)) throw clientError("ImperalError", "CALL_NOT_ACTIVE", `ctx.${client}.${method} was used after the call ended.`, "Await every ctx call inside the handler; do not keep ctx beyond the call.");
  if (!ALLOWED[client]?.includes(method) || !Array.isArray(args)) throw clientError("ImperalError", "UNKNOWN_CLIENT_METHOD", `ctx.${client}.${method} does not exist.`, "Use the ctx members listed in the SDK docs.");
  if (s.abort.signal.aborted && client !== "notify") throw clientError("TaskCancelled", "TASK_CANCELLED", "The call was cancelled.", "Stop work when ctx.signal is aborted.");
  const a = args as [any, any, any, any];
  switch (client) {
    case "store": {
      const st = pool.for(s.user).store as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>;
      return st[method]!(...args);
    }
    case "cache": {
      if (method === "checkTtl") { checkTtl(a[0]); return null; }
      const c = pool.for(s.user).cache as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>;
      return c[method]!(...args);
    }
    case "secrets": {
      const c = pool.for(s.user).secrets as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>;
      return c[method]!(...args);
    }
    case "storage": {
      const c = pool.for(s.user).storage as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>;
      return c[method]!(...args);
    }
    case "http":
      return httpRequest(String(a[0]), a[1], a[2] ?? {}, s.abort.signal);
    case "ai":
      return core.llm === "openai" ? openaiComplete(a[0], a[1] ?? {}, process.env, s.abort.signal) : embeddedComplete(a[0], a[1] ?? {});
    case "notify": {
      if (typeof a[0] !== "string" || a[0].length === 0) throw clientError("ValidationError", "NOTIFY_INVALID", "ctx.notify needs a non-empty message string.", "Pass the message text as the first argument.");
      const opts = (a[1] ?? {}) as { priority?: string; channel?: string };
      core.events.emit("notification", { message: a[0].slice(0, 4000), priority: opts.priority ?? "normal", channel: opts.channel ?? "chat", tool: s.tool }, s.user.id);
      return null;
    }
    case "skeleton":
      if (s.kind !== "skeleton") throw clientError("SkeletonAccessForbidden", "SKELETON_ACCESS_FORBIDDEN", "ctx.skeleton is only available inside ext.skeleton handlers.", "Read data through ctx.store or ctx.http.");
      return (await core.hooks.skeletonGet(s.user.id, String(a[0]))) ?? null;
  }
  throw clientError("ImperalError", "UNKNOWN_CLIENT_METHOD", `ctx.${client}.${method} does not exist.`, "Use the ctx members listed in the SDK docs.");
}
