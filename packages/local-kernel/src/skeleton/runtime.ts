// Skeleton runtime: the pure SkeletonScheduler (scheduler.ts) wired to the kernel — refreshes go through the one
// dispatch path as `skeleton_refresh_<section>` calls (skeleton ctx, audited, never promoted), snapshots live in
// SQLite, alert tools run on change, ids of snapshots feed the fabricated-id guard.
import { skeletonAlertTool, skeletonRefreshTool, skeletonSectionOf } from "@imperal/sdk/patterns";
import type { KnownEntity } from "../classifier/types.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import { resultOf } from "../dispatch/result.js";
import { KernelError } from "../errors.js";
import type { EventBus } from "../events.js";
import { snapshotEntities } from "./entities.js";
import type { KernelLog } from "../log.js";
import type { SeenIds } from "../seen/registry.js";
import type { UserDirectory } from "../users/users.js";
import type { ExtensionHost } from "../worker/extension-host.js";
import type { ReadyInfo } from "../worker/protocol.js";
import { analyzeSection, renderSkeletonBlock, renderSkeletonLine, type SkeletonWarning } from "./compress.js";
import { SkeletonScheduler, type RefreshOutcome } from "./scheduler.js";
import type { SqliteSnapshotStore } from "./sqlite-store.js";
import type { RefreshResult, SkeletonChange, SkeletonRefreshError, SkeletonSnapshot, SnapshotStore } from "./types.js";

/** One declared skeleton section of the serving build. */
export interface SkeletonSectionInfo {
  section: string;
  tool: string;
  ttl: number;
  alert: boolean;
  description?: string;
  /** `skeleton_alert_<section>` when the build declares it. */
  alertTool?: string;
}

/** Options of the skeleton runtime (`createKernel({ skeletons })`). */
export interface SkeletonRuntimeOptions {
  /** Run the refresh loops (default true). On-demand refreshes work either way. */
  enabled?: boolean;
  /** Watchdog period (default 1000 ms): a crashed loop restarts within about this long. */
  watchdogMs?: number;
  /** A refresh running longer than this is recorded as a timeout (default 30 s). */
  refreshTimeoutMs?: number;
  /** First refresh after start/reload: "now" (default) or "spread" over min(ttl, 10 s). */
  firstRefresh?: "now" | "spread";
  /** Max ambient alerts kept per user until the next turn (default 10). */
  maxAlerts?: number;
}

/** What the runtime works with (built once by createKernel). */
export interface SkeletonRuntimeDeps {
  store: SqliteSnapshotStore;
  host: ExtensionHost;
  users: UserDirectory;
  seen: SeenIds;
  events: EventBus;
  log: KernelLog;
  dispatcher: Dispatcher;
  options?: SkeletonRuntimeOptions;
}

/** The sections a build declares (manifest `skeletons[]`, falling back to the surface with ttl 300). */
export function sectionsOf(info: ReadyInfo | undefined): SkeletonSectionInfo[] {
  if (!info) return [];
  const names = new Set(info.tools.map((t) => t.name));
  const fromManifest = (info.manifest?.skeletons as Array<Record<string, unknown>> | undefined) ?? undefined;
  const list: SkeletonSectionInfo[] = fromManifest
    ? fromManifest.map((s) => ({
        section: String(s.section),
        tool: String(s.tool),
        ttl: Number(s.ttl) > 0 ? Number(s.ttl) : 300,
        alert: s.alert === true,
        ...(typeof s.description === "string" ? { description: s.description } : {}),
      }))
    : info.tools
        .filter((t) => t.kind === "skeleton_refresh")
        .map((t) => ({
          section: t.section ?? skeletonSectionOf(t.name) ?? t.name,
          tool: t.name,
          ttl: 300,
          alert: false,
        }));
  return list
    .filter((s) => names.has(s.tool))
    .map((s) => (names.has(skeletonAlertTool(s.section)) ? { ...s, alertTool: skeletonAlertTool(s.section) } : s));
}

/** What `GET /v1/skeleton` shows for one section. */
export interface SkeletonSectionView {
  section: string;
  tool: string;
  ttl: number;
  alert: boolean;
  snapshot: unknown;
  refreshed_at: string | null;
  age_s: number | null;
  rendered: string | null;
  raw_bytes: number | null;
  warnings: SkeletonWarning[];
  last_error?: { code: string; message: string; at: string };
}

/** Kernel-side skeleton machinery: scheduler + SQLite snapshots + alerts, per (user, section). */
export class SkeletonRuntime {
  readonly store: SqliteSnapshotStore;
  private scheduler: SkeletonScheduler | undefined;
  private sections: SkeletonSectionInfo[] = [];
  private readonly alerts = new Map<string, string[]>();
  private readonly uninstalled = new Set<string>();
  private readonly errors = new Map<string, SkeletonRefreshError>();
  private generation = 0;
  private closed = false;
  private offReload: (() => void) | undefined;

  private readonly opts: SkeletonRuntimeOptions;

  constructor(private readonly d: SkeletonRuntimeDeps) {
    this.store = d.store;
    this.opts = d.options ?? {};
  }

  /** Declared sections of the serving build (declaration order). */
  declared(): SkeletonSectionInfo[] {
    return [...this.sections];
  }

  /** Starts (or, after a reload, restarts) the loops for every configured user and the serving build's sections. */
  start(): void {
    if (this.closed) return;
    // A new build may declare other sections: every reload restarts the loops.
    this.offReload ??= this.d.events.on((e) => {
      if (e.type === "reload") this.start();
    });
    this.scheduler?.stop();
    const gen = ++this.generation;
    this.sections = sectionsOf(this.d.host.info);
    this.store.retainSections(this.sections.map((s) => s.section));
    for (const k of [...this.errors.keys()])
      if (!this.sections.some((s) => k.endsWith(`\u0000${s.section}`))) this.errors.delete(k);
    // A refresh of the previous build that finishes after the swap must not write (it could resurrect a section the
    // new build dropped): this scheduler's store ignores writes once a newer generation started.
    const store: SnapshotStore = {
      get: (u, s) => this.store.get(u, s),
      put: (snap) => {
        if (gen === this.generation) this.store.put(snap);
      },
      list: (u) => this.store.list(u),
      purgeUser: (u) => this.store.purgeUser(u),
    };
    const sched = new SkeletonScheduler({
      store,
      refresh: (user, section) => this.refreshCall(user, section),
      onAlert: (c) => (gen === this.generation ? this.runAlert(c) : undefined),
      onError: (e) => {
        if (gen !== this.generation) return;
        this.errors.set(`${e.user}\u0000${e.section}`, e);
        this.d.log("warn", `skeleton ${e.section} refresh failed for ${e.user}: ${e.code}: ${e.message}`);
      },
      onRefresh: (ev) => {
        if (gen !== this.generation) return;
        if (ev.ok) this.errors.delete(`${ev.user}\u0000${ev.section}`);
        const err = ev.ok ? undefined : this.errors.get(`${ev.user}\u0000${ev.section}`);
        this.d.events.emit(
          "skeleton_refresh",
          {
            section: ev.section,
            ok: ev.ok,
            changed: ev.changed,
            reason: ev.reason,
            refreshed_at: new Date(ev.finishedAt).toISOString(),
            duration_ms: ev.finishedAt - ev.startedAt,
            ...(err ? { code: err.code, message: err.message } : {}),
          },
          ev.user,
        );
      },
      onRestart: (what) => this.d.log("warn", `skeleton watchdog restarted ${what}`),
      watchdogMs: this.opts.watchdogMs ?? 1000,
      refreshTimeoutMs: this.opts.refreshTimeoutMs ?? 30_000,
      firstRefresh: this.opts.firstRefresh ?? "now",
    });
    this.scheduler = sched;
    for (const user of this.d.users.ids()) if (!this.uninstalled.has(user)) this.registerUser(user);
    if (this.opts.enabled !== false) sched.start();
  }

  private registerUser(user: string): void {
    const sched = this.scheduler;
    if (!sched) return;
    for (const s of this.sections) sched.register(user, s.section, s.ttl);
  }

  /** Stops the loops (kernel close). In-flight refreshes finish; nothing new is scheduled. */
  stop(): void {
    this.closed = true;
    this.offReload?.();
    this.generation++; // late results of in-flight refreshes are dropped (no writes, events or alerts after close)
    this.scheduler?.stop();
  }

  /** The scheduler of the serving build (tests use `simulateCrash`/`stats`). */
  get current(): SkeletonScheduler | undefined {
    return this.scheduler;
  }

  /** Refreshes one section for a user now. Unknown section -> 404 SKELETON_UNKNOWN_SECTION. Re-activates an uninstalled user. */
  async refreshNow(user: string, section: string): Promise<RefreshOutcome & { section: string }> {
    const info = this.sections.find((s) => s.section === section);
    if (!info) {
      throw new KernelError(
        "SKELETON_UNKNOWN_SECTION",
        `The serving build declares no skeleton section ${JSON.stringify(section)}.`,
        `Use one of: ${this.sections.map((s) => s.section).join(", ") || "(none declared: add ext.skeleton(...))"}.`,
        404,
      );
    }
    this.reactivate(user);
    const out = await this.scheduler!.refreshNow(user, section);
    return { section, ...out };
  }

  /** An uninstalled user who uses the extension again gets their loops back. */
  reactivate(user: string): void {
    if (!this.uninstalled.delete(user)) return;
    this.registerUser(user);
  }

  /** Stops the user's loops and deletes their snapshots and pending alerts (uninstall, well within 2 s). */
  async purgeUser(user: string): Promise<void> {
    this.uninstalled.add(user);
    this.alerts.delete(user);
    for (const k of [...this.errors.keys()]) if (k.startsWith(`${user}\u0000`)) this.errors.delete(k);
    if (this.scheduler) await this.scheduler.purgeUser(user);
    this.store.purgeUser(user);
  }

  /** Current snapshots of the user for declared sections, in declaration order. */
  snapshots(user: string): SkeletonSnapshot[] {
    const byName = new Map(this.store.list(user).map((s) => [s.section, s]));
    return this.sections.map((s) => byName.get(s.section)).filter((s): s is SkeletonSnapshot => s !== undefined);
  }

  /** The classifier's skeleton block for the user ("" when there is no snapshot yet). */
  block(user: string, now = Date.now()): string {
    return renderSkeletonBlock(
      this.snapshots(user).map((s) => ({ section: s.section, data: s.data, refreshedAt: s.refreshedAt })),
      now,
    );
  }

  /** Items with ids (and labels) in the user's raw snapshots, so "the Q3 roadmap note" resolves even past list[N]. */
  entities(user: string): KnownEntity[] {
    return snapshotEntities(this.snapshots(user));
  }

  /** Pending ambient alerts of the user (not consumed). */
  peekAlerts(user: string): string[] {
    return [...(this.alerts.get(user) ?? [])];
  }

  /** Takes the user's ambient alerts for the next classifier prompt (consumed). */
  takeAlerts(user: string): string[] {
    const a = this.alerts.get(user) ?? [];
    this.alerts.delete(user);
    return a;
  }

  /** What `GET /v1/skeleton` answers for a user. */
  view(
    user: string,
    now = Date.now(),
  ): {
    user: string;
    sections: SkeletonSectionView[];
    block: string;
    alerts: string[];
    loops: { running: boolean; uninstalled: boolean };
  } {
    const byName = new Map(this.store.list(user).map((s) => [s.section, s]));
    const sections = this.sections.map((info): SkeletonSectionView => {
      const snap = byName.get(info.section);
      const err = this.errors.get(`${user}\u0000${info.section}`);
      const a = snap ? analyzeSection(snap.data) : undefined;
      return {
        section: info.section,
        tool: info.tool,
        ttl: info.ttl,
        alert: info.alert,
        snapshot: snap ? snap.data : null,
        refreshed_at: snap ? new Date(snap.refreshedAt).toISOString() : null,
        age_s: snap ? Math.max(0, Math.floor((now - snap.refreshedAt) / 1000)) : null,
        rendered: snap
          ? renderSkeletonLine({ section: info.section, data: snap.data, refreshedAt: snap.refreshedAt }, now)
          : null,
        raw_bytes: a ? a.rawBytes : null,
        warnings: a ? a.warnings : [],
        ...(err ? { last_error: { code: err.code, message: err.message, at: new Date(err.at).toISOString() } } : {}),
      };
    });
    return {
      user,
      sections,
      block: this.block(user, now),
      alerts: this.peekAlerts(user),
      loops: { running: this.opts.enabled !== false && !this.closed, uninstalled: this.uninstalled.has(user) },
    };
  }

  /** One refresh: `skeleton_refresh_<section>` through the dispatch path with a skeleton ctx; the scheduler unwraps. */
  private async refreshCall(user: string, section: string): Promise<RefreshResult> {
    const info = this.sections.find((s) => s.section === section);
    const tool = info?.tool ?? skeletonRefreshTool(section);
    const turn = await this.d.dispatcher.dispatch(user, [{ tool, args: {} }], {
      source: "skeleton",
      kind: "skeleton",
      allowKinds: ["skeleton_refresh"],
      promote: false,
    });
    const c = turn.calls[0];
    if (!c || c.status !== "succeeded") {
      return {
        ok: false,
        error: { code: c?.code ?? turn.code ?? "SKELETON_REFRESH_FAILED", message: c?.message ?? turn.reply },
      };
    }
    const value = resultOf(turn, 0) as { response?: unknown } | undefined;
    if (value && typeof value === "object" && value.response !== undefined && !this.uninstalled.has(user)) {
      this.d.seen.addFrom(user, value.response, "skeleton");
    }
    return { ok: true, response: value };
  }

  /** Runs `skeleton_alert_<section>` with `{ old, new }` for alert sections; a non-empty answer becomes an ambient alert. */
  private async runAlert(c: SkeletonChange): Promise<void> {
    const info = this.sections.find((s) => s.section === c.section);
    if (!info?.alert || !info.alertTool || this.uninstalled.has(c.user)) return;
    const turn = await this.d.dispatcher.dispatch(
      c.user,
      [{ tool: info.alertTool, args: { old: c.old, new: c.new } }],
      { source: "skeleton", kind: "skeleton", allowKinds: ["skeleton_alert"], promote: false },
    );
    const call = turn.calls[0];
    if (!call || call.status !== "succeeded") {
      this.d.log("warn", `skeleton alert ${info.alertTool} failed for ${c.user}: ${call?.code ?? turn.code}`);
      return;
    }
    const text = (resultOf(turn, 0) as { response?: unknown } | undefined)?.response;
    if (typeof text !== "string" || text.trim() === "" || this.uninstalled.has(c.user)) return;
    const list = this.alerts.get(c.user) ?? [];
    list.push(text.trim().slice(0, 500));
    const max = this.opts.maxAlerts ?? 10;
    if (list.length > max) list.splice(0, list.length - max);
    this.alerts.set(c.user, list);
    this.d.events.emit("skeleton_alert", { section: c.section, alert: text.trim().slice(0, 500) }, c.user);
  }
}

/** `POST /v1/skeleton/{section}/refresh` answer. */
export async function refreshView(
  skeletons: SkeletonRuntime,
  user: string,
  section: string,
): Promise<Record<string, unknown>> {
  const o = await skeletons.refreshNow(user, section);
  const snap = skeletons.store.get(user, section);
  return {
    user,
    section,
    ok: o.ok,
    changed: o.changed,
    snapshot: snap ? snap.data : null,
    refreshed_at: snap ? new Date(snap.refreshedAt).toISOString() : null,
    ...(o.error ? { error: { code: o.error.code, message: o.error.message } } : {}),
  };
}
