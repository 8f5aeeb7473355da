// Several extensions in one kernel (SPEC 7.6): one kernel per extension (own worker, state partition, capabilities)
// behind one Kernel API and one HTTP server. Names resolve with federation/names.ts, chat turns route with
// federation/routing.ts, calls between extensions go through federation/extension-calls.ts.
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { qualifiedToolName } from "@imperal/sdk/patterns";
import type { Kernel, KernelOptions } from "../api.js";
import { createClassifier } from "../classifier/index.js";
import type { ExtensionCaller } from "../clients/router.js";
import { KernelError } from "../errors.js";
import { EventBus } from "../events.js";
import { writeDiscovery } from "../http/discovery.js";
import { listen } from "../http/listen.js";
import type { HttpServerHandle } from "../http/server.js";
import { bootKernel } from "../kernel.js";
import { resolveLimits } from "../limits.js";
import type { AuditRow } from "../state/audit.js";
import { serveExtensionCall } from "./extension-calls.js";
import { resolveName, type NamedApp } from "./names.js";
import { routeMessage } from "./routing.js";

/** Boots every extension of `options.extensionDirs` and serves them as one kernel. */
export async function createKernelGroup(options: KernelOptions): Promise<Kernel> {
  const dirs = (options.extensionDirs ?? []).map((d) => resolve(d));
  if (options.extensionDir && !dirs.includes(resolve(options.extensionDir)))
    dirs.unshift(resolve(options.extensionDir));
  if (dirs.length === 0)
    throw new KernelError(
      "BAD_REQUEST",
      "extensionDirs is empty.",
      "Pass createKernel({ extensionDirs: [dir] }).",
      400,
    );
  const token = options.token ?? randomBytes(32).toString("base64url");
  const events = new EventBus();
  const kernels = new Map<string, Kernel>();
  const limits = resolveLimits(options.limits);
  const started = Date.now();
  const children: Kernel[] = [];
  try {
    for (const [i, dir] of dirs.entries()) {
      // Each extension calls the others through the group; `from` is fixed once its app id is known.
      let from = "";
      const extensions: ExtensionCaller = (c) =>
        serveExtensionCall({ kernels, from, timeoutMs: limits.callTimeoutMs }, c);
      const k = await bootKernel(
        {
          ...options,
          extensionDir: dir,
          extensionDirs: undefined,
          port: undefined,
          token,
          // One state partition per extension: its own state dir (or `<stateDir>/<n>` under a given one).
          ...(options.stateDir ? { stateDir: join(resolve(options.stateDir), String(i)) } : { stateDir: undefined }),
        },
        { extensions },
      );
      // Each extension keeps its own bus (no cross-talk between their services); the group's stream carries all.
      k.onEvent((e) => events.emit(e.type, e.data as never, e.userId));
      from = k.internal.info()!.appId;
      if (kernels.has(from)) {
        await k.close();
        throw new KernelError(
          "DUPLICATE_APP_ID",
          `Two loaded extensions have the app id "${from}".`,
          "Load each extension once.",
          400,
        );
      }
      kernels.set(from, k);
      children.push(k);
    }
  } catch (e) {
    await Promise.all(children.map((k) => k.close()));
    throw e;
  }
  const primary = children[0]!;
  const apps = (): Array<{ appId: string; k: Kernel }> => [...kernels].map(([appId, k]) => ({ appId, k }));
  const toolNames = (): NamedApp[] =>
    apps().map(({ appId, k }) => ({
      appId,
      names: (k.internal.info()?.tools ?? [])
        .filter((t) => t.kind === "chat_function" || t.kind === "tool")
        .map((t) => t.name),
    }));
  const panelNames = (): NamedApp[] =>
    apps().map(({ appId, k }) => ({
      appId,
      names: (k.internal.info()?.tools ?? []).filter((t) => t.kind === "panel").map((t) => t.panelId ?? ""),
    }));
  const owner = (appId: string) => kernels.get(appId)!;
  const classifier = options.classifier ?? createClassifier(options.llm ?? "embedded", options.llmOptions ?? {});
  /** The first child that knows the id (confirmations, calls): the others answer NOT_FOUND-like errors. */
  const firstThatHas = async <T>(f: (k: Kernel) => Promise<T>): Promise<T> => {
    let last: unknown;
    for (const k of children) {
      try {
        return await f(k);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== "CONFIRMATION_NOT_FOUND" && code !== "CONFIRMATION_OTHER_USER") throw e;
        last = e;
      }
    }
    throw last;
  };
  const everyChild = async <T>(f: (k: Kernel) => Promise<T>): Promise<T> => {
    const out: T[] = [];
    for (const k of children) out.push(await f(k));
    return out[0]!;
  };
  let http: HttpServerHandle | undefined;

  const group: Kernel = {
    get url() {
      return http?.url;
    },
    token,
    stateDir: primary.stateDir,
    call: async (userId, tool, args, opts) => {
      const r = resolveName(String(tool), toolNames());
      return r ? owner(r.appId).call(userId, r.name, args, opts) : primary.call(userId, tool, args, opts);
    },
    turn: async (userId, message) => {
      const decision = await routeMessage({
        apps: apps().map(({ appId, k }) => ({
          appId,
          info: k.internal.info(),
          hasOpenDialogue: (u) => k.internal.hasOpenDialogue(u),
        })),
        userId,
        message,
        classifier,
      });
      const t = await owner(decision.app_id).turn(userId, message);
      return { ...t, routing: decision };
    },
    skeleton: (userId) => {
      const views = apps().map(({ appId, k }) => ({ appId, v: k.skeleton(userId) }));
      const base = views[0]!.v;
      return {
        ...base,
        sections: views.flatMap(({ appId, v }) => v.sections.map((s) => ({ ...s, app_id: appId }))),
        block: views
          .map(({ v }) => v.block)
          .filter(Boolean)
          .join("\n"),
        alerts: views.flatMap(({ v }) => v.alerts),
      };
    },
    refreshSkeleton: (userId, section) => {
      const names = apps().map(({ appId, k }) => ({ appId, names: k.skeleton(userId).sections.map((s) => s.section) }));
      const r = resolveName(section, names, "skeleton section");
      return r ? owner(r.appId).refreshSkeleton(userId, r.name) : primary.refreshSkeleton(userId, section);
    },
    factLedger: (userId) => primary.factLedger(userId),
    accept: (userId, id, opts) => firstThatHas((k) => k.accept(userId, id, opts)),
    cancelConfirmation: (userId, id) => firstThatHas((k) => k.cancelConfirmation(userId, id)),
    cancel: (callId, reason, userId) => children.some((k) => k.cancel(callId, reason, userId)),
    panel: (userId, panelId, props) => {
      const r = resolveName(panelId, panelNames(), "panel");
      return r ? owner(r.appId).panel(userId, r.name, props) : primary.panel(userId, panelId, props);
    },
    schedules: () => apps().flatMap(({ appId, k }) => k.schedules().map((x) => ({ ...x, app_id: appId }) as typeof x)),
    runSchedule: (name) => {
      const names = apps().map(({ appId, k }) => ({ appId, names: k.schedules().map((x) => x.name) }));
      const r = resolveName(name, names, "schedule");
      return r ? owner(r.appId).runSchedule(r.name) : primary.runSchedule(name);
    },
    reload: () => primary.reload(),
    health: () => ({
      ...primary.health(),
      extensions: apps().map(({ appId, k }) => {
        const h = k.health();
        return { app_id: appId, ok: h.ok, build: h.build };
      }),
    }),
    audit: (limit = 50, userId, opts) =>
      children
        .flatMap((k) => k.audit(limit, userId, opts))
        .sort((a: AuditRow, b: AuditRow) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0))
        .slice(0, limit),
    tools: () => {
      const all = apps().map(({ appId, k }) => ({ appId, v: k.tools() }));
      const bare = toolNames();
      const count = (n: string) => bare.filter((a) => a.names.includes(n)).length;
      return {
        app_id: all[0]!.appId,
        app_ids: all.map((a) => a.appId),
        tools: all.flatMap(({ appId, v }) =>
          (v.tools as Array<{ name: string }>).map((t) => ({
            ...t,
            app_id: appId,
            qualified_name: qualifiedToolName(appId, t.name),
            ...(count(t.name) > 1 ? { ambiguous: true } : {}),
          })),
        ),
        panels: all.flatMap(({ appId, v }) => (v.panels as object[]).map((p) => ({ ...p, app_id: appId }))),
      };
    },
    // Lifecycle actions apply to every loaded extension; the answer is the primary's.
    uninstall: (userId) => everyChild((k) => k.uninstall(userId)),
    install: (userId) => everyChild((k) => k.install(userId)),
    enable: (userId) => everyChild((k) => k.enable(userId)),
    disable: (userId) => everyChild((k) => k.disable(userId)),
    checkHealth: async () => {
      await Promise.all(children.map((k) => k.checkHealth()));
      return group.health();
    },
    onEvent: (l) => events.on(l),
    internal: primary.internal,
    close: async () => {
      await http?.close();
      await Promise.all(children.map((k) => k.close()));
    },
  };

  if (options.port !== undefined) {
    http = await listen({
      kernel: group,
      port: options.port,
      limits,
      log: () => {},
      webhooks: (appId) => kernels.get(appId)?.internal.webhooks,
    });
    if (options.writeDiscovery !== false) writeDiscovery(dirs[0]!, { url: http.url, port: http.port, token, started });
  }
  return group;
}
