// The ctx of one call as the worker builds it: every client is an RPC proxy to the kernel thread (which owns SQLite,
// files and secrets), errors come back as SDK error classes, and system/webhook contexts reach other users.
import type { PlatformInfo } from "@imperal/sdk";
import type { SdkMain } from "../../sdk.js";
import type { CtxInfo, FromWorker, ToWorker, WireError } from "../protocol.js";

/** A schema as the worker uses it (zod 3 or 4). */
export interface SchemaLike {
  safeParse(v: unknown): { success: boolean; data?: unknown };
}

/** What building a ctx needs from the worker: the loaded SDK and extension, and the port. */
export interface WorkerLink {
  sdk(): SdkMain;
  ext(): unknown;
  platform(): PlatformInfo | null;
  post(m: FromWorker): void;
}

/** The ctx factory of a worker, with the RPC bookkeeping its proxies share. */
export interface WorkerCtx {
  makeCtx(callId: number, info: CtxInfo, signal: AbortSignal, as?: string): unknown;
  /** Rebuilds an SDK error class instance from its wire form. */
  revive(w: WireError): Error;
  /** Settles the pending RPC an answer from the kernel is for. */
  settle(m: Extract<ToWorker, { t: "rpc_res" }>): void;
}

/** Creates the ctx factory of a worker. */
export function createWorkerCtx(link: WorkerLink): WorkerCtx {
  const pendingRpc = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let rpcSeq = 0;

  /** Rebuilds an SDK error class instance from its wire form (so `err.code`, `err.name` and instanceof on the kernel's SDK copy work). */
  function revive(w: WireError): Error {
    const sdk = link.sdk();
    const classes: Record<string, (new (...a: never[]) => Error) | undefined> = {
      StoreConflict: sdk.StoreConflict,
      SecretNotDeclared: sdk.SecretNotDeclared,
      ValidationError: sdk.ValidationError,
      TaskCancelled: sdk.TaskCancelled,
      SystemOnly: sdk.SystemOnly,
      NotFound: sdk.NotFound,
      CircularCallError: sdk.CircularCallError,
      EventNotDeclared: sdk.EventNotDeclared,
    };
    const cls = classes[w.name] ?? sdk.ImperalError;
    const e = Object.create(cls.prototype) as Error & { code: string; fix: string };
    Object.defineProperty(e, "message", { value: w.message, writable: true, configurable: true });
    Object.defineProperty(e, "name", {
      value: w.name === "ClientError" ? "ImperalError" : w.name,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(e, "code", { value: w.code, enumerable: true, configurable: true });
    Object.defineProperty(e, "fix", { value: w.fix ?? "", enumerable: true, configurable: true });
    Error.captureStackTrace?.(e, revive);
    return e;
  }

  function rpc(callId: number, client: string, method: string, args: unknown[], as?: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const rid = ++rpcSeq;
      pendingRpc.set(rid, { resolve, reject });
      try {
        link.post({ t: "rpc", rid, callId, client, method, args, ...(as !== undefined ? { as } : {}) });
      } catch (e) {
        pendingRpc.delete(rid);
        reject(
          revive({
            name: "ValidationError",
            code: "VALUE_NOT_SERIALIZABLE",
            message: `ctx.${client}.${method}: arguments must be plain data (${(e as Error).message}).`,
            fix: "Pass JSON-like values (no functions or class instances).",
          }),
        );
      }
    });
  }

  /**
   * Builds the ctx of one call. `as` is set for the ChatContext of a user reached through a system or webhook ctx's
   * `asUser`: its RPCs name that user, and the kernel accepts them only from a system or webhook call.
   */
  function makeCtx(callId: number, info: CtxInfo, signal: AbortSignal, as?: string): unknown {
    const sdk = link.sdk();
    const ext = link.ext();
    const platform = link.platform();
    const post = link.post;
    const r =
      (client: string, method: string) =>
      (...args: unknown[]) =>
        rpc(callId, client, method, args, as);
    const system = info.kind === "system" || info.kind === "webhook";
    const store: Record<string, unknown> = Object.fromEntries(
      ["create", "get", "query", "update", "delete", "count"].map((m) => [m, r("store", m)]),
    );
    if (system) {
      store.queryAll = r("store", "queryAll");
      store.listUsers = (collection: string) => ({
        async *[Symbol.asyncIterator]() {
          for (const id of (await rpc(callId, "store", "listUsers", [collection])) as string[]) yield id;
        },
      });
    }
    const cacheGet = async (key: string, schema?: SchemaLike) => {
      const v = await rpc(callId, "cache", "get", [key], as);
      if (v === null || !schema || typeof schema.safeParse !== "function") return v;
      const p = schema.safeParse(v);
      return p.success ? p.data : null;
    };
    const cache = {
      get: cacheGet,
      set: (key: string, value: unknown, opts?: { ttlSeconds?: number }) =>
        rpc(callId, "cache", "set", [key, value, opts ?? {}], as),
      delete: r("cache", "delete"),
      getOrFetch: async (
        key: string,
        fetcher: () => unknown,
        opts: { ttlSeconds?: number; schema?: SchemaLike } = {},
      ) => {
        await rpc(callId, "cache", "checkTtl", [opts?.ttlSeconds], as);
        const hit = await cacheGet(key, opts?.schema);
        if (hit !== null) return hit;
        const value = await fetcher();
        try {
          await rpc(callId, "cache", "set", [key, value, { ttlSeconds: opts?.ttlSeconds }], as);
        } catch (e) {
          // Too large (or not JSON) to cache: still served, just not cached (same as the testing kit).
          const code = (e as { code?: string }).code;
          if (code !== "CACHE_VALUE_TOO_LARGE" && code !== "CACHE_NOT_JSON" && code !== "VALUE_NOT_SERIALIZABLE")
            throw e;
        }
        return value;
      },
    };
    const httpM = (method: string) => async (url: string, opts?: Record<string, unknown>) => {
      const res = (await rpc(callId, "http", "request", [method, url, opts ?? {}], as)) as {
        status: number;
        ok: boolean;
        headers: Record<string, string>;
        body: string;
      };
      return { ...res, json: () => JSON.parse(res.body), text: () => res.body };
    };
    const http = {
      get: httpM("GET"),
      post: httpM("POST"),
      put: httpM("PUT"),
      patch: httpM("PATCH"),
      delete: httpM("DELETE"),
    };
    const ai = { complete: r("ai", "complete") };
    const notify = async (message: string, opts?: Record<string, unknown>) => {
      await rpc(callId, "notify", "send", [message, opts ?? {}], as);
    };
    const secrets = Object.fromEntries(["get", "set", "delete", "isSet", "list"].map((m) => [m, r("secrets", m)]));
    const storage = Object.fromEntries(["upload", "download", "delete", "list"].map((m) => [m, r("storage", m)]));
    const skeleton = { get: r("skeleton", "get") };
    const events = {
      async emit(type: string, data?: unknown) {
        const full = sdk.emittableType(ext, type);
        await rpc(callId, "events", "emit", [full, data === undefined ? null : data], as);
      },
    };
    const extensions = {
      call: (target: string, name: string, params: Record<string, unknown> = {}) =>
        rpc(callId, "extensions", "call", [target, name, params], as),
    };
    const config = sdk.createConfigClient(
      sdk.resolveConfig(platform?.config ?? {}, info.configFile, system ? undefined : info.user.imperalId),
    );
    const asUser = (userId: string) => {
      const u = info.directory?.[userId];
      if (typeof userId !== "string" || !u)
        throw new sdk.NotFound(
          `ctx.asUser("${String(userId)}"): no such user in this kernel.`,
          "Use an id from ctx.store.listUsers(collection).",
        );
      const { lang, ...user } = u;
      const child: CtxInfo = { kind: "chat", user, tenant: { tenantId: u.tenantId, name: u.tenantId }, lang };
      if (info.configFile) child.configFile = info.configFile;
      return makeCtx(callId, child, signal, userId);
    };
    // Every client here is an RPC proxy: the kernel thread's clients type-check their arguments and answers.
    const parts = {
      user: info.user,
      tenant: info.tenant,
      lang: info.lang,
      store,
      cache,
      http,
      ai,
      notify,
      secrets,
      storage,
      events,
      extensions,
      config,
      ...(system ? { asUser } : {}),
      ...(info.kind === "skeleton" ? { skeleton } : {}),
      log: (message: string, level: string) => post({ t: "log", callId, level, message: String(message) }),
      progress: (percent: number, message?: string) =>
        post({ t: "progress", callId, percent, ...(message !== undefined ? { message: String(message) } : {}) }),
      signal,
    };
    return sdk.buildContext(info.kind, parts as unknown as Parameters<SdkMain["buildContext"]>[1]);
  }

  return {
    makeCtx,
    revive,
    settle(m) {
      const p = pendingRpc.get(m.rid);
      if (!p) return;
      pendingRpc.delete(m.rid);
      if (m.ok) p.resolve(m.value);
      else p.reject(revive(m.error));
    },
  };
}
