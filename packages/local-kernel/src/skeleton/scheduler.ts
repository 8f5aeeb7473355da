// Per-(user, section) skeleton refresh scheduler. One min-heap + one timer for all entries (not one interval per
// entry), a bounded worker pool, and a watchdog that re-arms anything that stopped. No SQLite, no workers: the
// kernel passes `refresh` (dispatch of skeleton_refresh_*) and a SnapshotStore.
import type {
  RefreshEvent,
  RefreshFn,
  RefreshResult,
  SchedulerTimers,
  SkeletonChange,
  SkeletonRefreshError,
  SkeletonSnapshot,
  SnapshotStore,
} from "./types.js";
import { MinHeap, type HeapItem } from "./min-heap.js";
import { canonical, errMessage, stableHash, unwrapSkeletonResponse } from "./response.js";

export { unwrapSkeletonResponse };

export interface SkeletonSchedulerOptions {
  refresh: RefreshFn;
  store: SnapshotStore;
  /** Called when a refresh changed a section that already had a snapshot. Errors thrown here are swallowed. */
  onAlert?: (change: SkeletonChange) => void | Promise<void>;
  /** Called for every recorded failure (bad return, thrown error, timeout, store failure). */
  onError?: (err: SkeletonRefreshError) => void;
  /** Called after every refresh attempt with its timing. */
  onRefresh?: (ev: RefreshEvent) => void;
  /** Called when the watchdog had to restart something (for logs/metrics). */
  onRestart?: (what: string) => void;
  /** Max refreshes in flight at once (default 32). */
  concurrency?: number;
  /** A refresh running longer than this is abandoned and recorded as a timeout (default 30 s). */
  refreshTimeoutMs?: number;
  /** Watchdog period (default 1000 ms): a stopped loop is restarted within about this long. */
  watchdogMs?: number;
  /** First refresh of a newly registered entry: "now", or "spread" over min(ttl, spreadWindowMs) by a stable hash. */
  firstRefresh?: "now" | "spread";
  spreadWindowMs?: number;
  timers?: Partial<SchedulerTimers>;
}

export interface RefreshOutcome {
  ok: boolean;
  changed: boolean;
  snapshot?: SkeletonSnapshot;
  error?: SkeletonRefreshError;
}

type State = "scheduled" | "queued" | "running" | "idle" | "removed";

interface Entry {
  key: string;
  user: string;
  section: string;
  ttlMs: number;
  state: State;
  dueAt: number;
  heapToken: number;
  runToken: number;
  runStartedAt: number;
  reason: "schedule" | "demand";
  waiters: Array<(o: RefreshOutcome) => void>;
  lastError?: SkeletonRefreshError;
  lastOkAt?: number;
  /** Abandons the current run (watchdog): frees its slot so a late result is ignored. */
  abandon?: () => void;
}

const MAX_TIMER_MS = 2_147_483_647;

/** Refresh scheduler for every (user, section); see docs/skeleton-compression.md "Scheduler". */
export class SkeletonScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<Entry>>();
  private readonly heap = new MinHeap<Entry>();
  private readonly queue: Entry[] = [];
  private readonly pendingWrites = new Map<string, Set<Promise<unknown>>>();
  private inFlight = 0;
  private timerHandle: unknown = undefined;
  private timerDueAt = Infinity;
  private watchdogHandle: unknown = undefined;
  private running = false;
  private readonly t: SchedulerTimers;
  private readonly concurrency: number;
  private readonly refreshTimeoutMs: number;
  private readonly watchdogMs: number;
  private counters = { refreshes: 0, failures: 0, restarts: 0, alerts: 0 };

  constructor(private readonly opts: SkeletonSchedulerOptions) {
    this.t = {
      now: opts.timers?.now ?? (() => Date.now()),
      setTimeout:
        opts.timers?.setTimeout ??
        ((fn, ms) => {
          const h = setTimeout(fn, ms);
          h.unref?.();
          return h;
        }),
      clearTimeout: opts.timers?.clearTimeout ?? ((h) => clearTimeout(h as NodeJS.Timeout)),
    };
    this.concurrency = Math.max(1, opts.concurrency ?? 32);
    this.refreshTimeoutMs = opts.refreshTimeoutMs ?? 30_000;
    this.watchdogMs = opts.watchdogMs ?? 1000;
  }

  /** Starts the timer and the watchdog (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.armTimer(true);
    this.scheduleWatchdog();
  }

  /** Stops timers; in-flight refreshes finish but nothing new is scheduled. */
  stop(): void {
    this.running = false;
    if (this.timerHandle !== undefined) this.t.clearTimeout(this.timerHandle);
    if (this.watchdogHandle !== undefined) this.t.clearTimeout(this.watchdogHandle);
    this.timerHandle = undefined;
    this.watchdogHandle = undefined;
    this.timerDueAt = Infinity;
  }

  /** Adds (or re-times) the refresh loop of one (user, section), refreshed every ttlSeconds. */
  register(user: string, section: string, ttlSeconds: number): void {
    if (!(ttlSeconds > 0)) throw new RangeError(`ttl must be > 0 seconds (got ${ttlSeconds})`);
    const key = `${user}\u0000${section}`;
    const ttlMs = ttlSeconds * 1000;
    const existing = this.entries.get(key);
    if (existing) {
      existing.ttlMs = ttlMs;
      return;
    }
    const e: Entry = {
      key,
      user,
      section,
      ttlMs,
      state: "idle",
      dueAt: 0,
      heapToken: 0,
      runToken: 0,
      runStartedAt: 0,
      reason: "schedule",
      waiters: [],
    };
    this.entries.set(key, e);
    let set = this.byUser.get(user);
    if (!set) this.byUser.set(user, (set = new Set()));
    set.add(e);
    const now = this.t.now();
    const window = Math.min(ttlMs, this.opts.spreadWindowMs ?? 10_000);
    const first = (this.opts.firstRefresh ?? "spread") === "now" ? now : now + (stableHash(key) % Math.max(1, window));
    this.scheduleAt(e, first);
  }

  /** Registers several sections of a user at once. */
  addUser(user: string, sections: Array<{ section: string; ttl: number }>): void {
    for (const s of sections) this.register(user, s.section, s.ttl);
  }

  /** Refreshes one (user, section) now (outside the schedule) and resolves with the outcome; joins a running refresh. */
  refreshNow(user: string, section: string): Promise<RefreshOutcome> {
    const e = this.entries.get(`${user}\u0000${section}`);
    if (!e) {
      return Promise.resolve({
        ok: false,
        changed: false,
        error: this.mkError(
          user,
          section,
          "SKELETON_UNKNOWN_SECTION",
          `no skeleton section "${section}" registered for this user`,
        ),
      });
    }
    return new Promise<RefreshOutcome>((resolve) => {
      e.waiters.push(resolve);
      if (e.state === "running") return; // joins the in-flight refresh
      if (e.state === "queued") {
        // Move it to the front: a user is waiting on it.
        const i = this.queue.indexOf(e);
        if (i > 0) {
          this.queue.splice(i, 1);
          this.queue.unshift(e);
        }
        e.reason = "demand";
      } else {
        e.heapToken++; // drop its pending heap item
        e.state = "queued";
        e.reason = "demand";
        e.dueAt = this.t.now();
        this.queue.unshift(e);
      }
      this.pump();
    });
  }

  /** Stops every loop of the user and deletes the user's snapshots (uninstall); resolves once the store is purged. */
  async purgeUser(user: string): Promise<void> {
    const set = this.byUser.get(user);
    this.byUser.delete(user);
    if (set) {
      for (const e of set) {
        e.state = "removed";
        e.heapToken++;
        this.entries.delete(e.key);
        const waiters = e.waiters.splice(0);
        for (const w of waiters)
          w({ ok: false, changed: false, error: this.mkError(user, e.section, "SKELETON_PURGED", "user uninstalled") });
      }
      for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].user === user) this.queue.splice(i, 1);
    }
    // Writes that started before the purge must land before we delete, or they would resurrect a snapshot.
    const writes = this.pendingWrites.get(user);
    if (writes?.size) {
      await Promise.race([
        Promise.allSettled([...writes]),
        new Promise((r) => this.t.setTimeout(() => r(undefined), 1000)),
      ]);
    }
    await this.opts.store.purgeUser(user);
  }

  /** Current snapshots of a user (pass-through to the store). */
  async snapshots(user: string): Promise<SkeletonSnapshot[]> {
    return this.opts.store.list(user);
  }

  /** Last recorded error of a (user, section), if its latest refresh failed. */
  lastError(user: string, section: string): SkeletonRefreshError | undefined {
    return this.entries.get(`${user}\u0000${section}`)?.lastError;
  }

  /** Counters and queue sizes for health output and tests. */
  stats(): {
    entries: number;
    queued: number;
    inFlight: number;
    refreshes: number;
    failures: number;
    restarts: number;
    alerts: number;
  } {
    return { entries: this.entries.size, queued: this.queue.length, inFlight: this.inFlight, ...this.counters };
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private mkError(user: string, section: string, code: string, message: string): SkeletonRefreshError {
    return { user, section, code, message, at: this.t.now() };
  }

  private scheduleAt(e: Entry, dueAt: number): void {
    if (e.state === "removed") return;
    e.state = "scheduled";
    e.dueAt = dueAt;
    e.reason = "schedule";
    const token = ++e.heapToken;
    this.heap.push({ dueAt, entry: e, token });
    if (this.running && dueAt < this.timerDueAt) this.armTimer(false);
  }

  private armTimer(force: boolean): void {
    if (!this.running) return;
    const top = this.peekLive();
    if (!top) {
      if (this.timerHandle !== undefined) this.t.clearTimeout(this.timerHandle);
      this.timerHandle = undefined;
      this.timerDueAt = Infinity;
      return;
    }
    if (!force && this.timerHandle !== undefined && this.timerDueAt <= top.dueAt) return;
    if (this.timerHandle !== undefined) this.t.clearTimeout(this.timerHandle);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, top.dueAt - this.t.now()));
    this.timerDueAt = top.dueAt;
    this.timerHandle = this.t.setTimeout(() => this.tick(), delay);
  }

  private peekLive(): HeapItem<Entry> | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return undefined;
      if (top.token === top.entry.heapToken && top.entry.state === "scheduled") return top;
      this.heap.pop();
    }
  }

  private tick(): void {
    this.timerHandle = undefined;
    this.timerDueAt = Infinity;
    try {
      const now = this.t.now();
      for (;;) {
        const top = this.peekLive();
        if (!top || top.dueAt > now) break;
        this.heap.pop();
        top.entry.state = "queued";
        this.queue.push(top.entry);
      }
      this.pump();
    } finally {
      this.armTimer(true);
    }
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const e = this.queue.shift()!;
      if (e.state !== "queued") continue;
      this.runEntry(e);
    }
  }

  private runEntry(e: Entry): void {
    this.inFlight++;
    e.state = "running";
    const token = ++e.runToken;
    const startedAt = this.t.now();
    e.runStartedAt = startedAt;
    const dueAt = e.dueAt;
    const reason = e.reason;
    let settled = false;
    let timeoutHandle: unknown;
    e.abandon = () => {
      if (settled) return;
      settled = true;
      if (timeoutHandle !== undefined) this.t.clearTimeout(timeoutHandle);
      this.inFlight--;
      e.runToken++;
    };
    const finish = (result: RefreshResult | { timeout: true } | { thrown: unknown }): void => {
      if (settled) return;
      settled = true;
      e.abandon = undefined;
      if (timeoutHandle !== undefined) this.t.clearTimeout(timeoutHandle);
      this.inFlight--;
      void this.complete(e, token, dueAt, startedAt, reason, result).finally(() => this.pump());
    };
    timeoutHandle = this.t.setTimeout(() => finish({ timeout: true }), this.refreshTimeoutMs);
    let p: Promise<RefreshResult>;
    try {
      p = Promise.resolve(this.opts.refresh(e.user, e.section));
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      (r) => finish(r),
      (err) => finish({ thrown: err }),
    );
  }

  private async complete(
    e: Entry,
    token: number,
    dueAt: number,
    startedAt: number,
    reason: "schedule" | "demand",
    result: RefreshResult | { timeout: true } | { thrown: unknown },
  ): Promise<void> {
    let outcome: RefreshOutcome = { ok: false, changed: false };
    const stale = e.state === "removed" || token !== e.runToken;
    try {
      if (stale) {
        outcome = {
          ok: false,
          changed: false,
          error: this.mkError(e.user, e.section, "SKELETON_PURGED", "refresh discarded"),
        };
        return;
      }
      this.counters.refreshes++;
      let error: SkeletonRefreshError | undefined;
      let data: unknown;
      if ("timeout" in result) {
        error = this.mkError(
          e.user,
          e.section,
          "SKELETON_REFRESH_TIMEOUT",
          `refresh took longer than ${this.refreshTimeoutMs} ms`,
        );
      } else if ("thrown" in result) {
        error = this.mkError(e.user, e.section, "SKELETON_REFRESH_FAILED", errMessage(result.thrown));
      } else if (!result.ok) {
        const er = result.error;
        const code = typeof er === "object" && er?.code ? er.code : "SKELETON_REFRESH_FAILED";
        error = this.mkError(e.user, e.section, code, typeof er === "string" ? er : (er?.message ?? "refresh failed"));
      } else {
        const u = unwrapSkeletonResponse(result.response);
        if (u.ok) data = u.data;
        else error = this.mkError(e.user, e.section, "SKELETON_BAD_RETURN", u.message);
      }
      if (error) {
        e.lastError = error;
        this.counters.failures++;
        this.safe(() => this.opts.onError?.(error));
        outcome = { ok: false, changed: false, error };
        return;
      }
      const finishedAt = this.t.now();
      const write = this.writeSnapshot(e, data, finishedAt);
      outcome = await write;
      if (outcome.ok) {
        e.lastError = undefined;
        e.lastOkAt = finishedAt;
      }
    } catch (err) {
      const error = this.mkError(e.user, e.section, "SKELETON_REFRESH_FAILED", errMessage(err));
      e.lastError = error;
      this.counters.failures++;
      this.safe(() => this.opts.onError?.(error));
      outcome = { ok: false, changed: false, error };
    } finally {
      const finishedAt = this.t.now();
      this.safe(() =>
        this.opts.onRefresh?.({
          user: e.user,
          section: e.section,
          dueAt,
          startedAt,
          finishedAt,
          ok: outcome.ok,
          changed: outcome.changed,
          reason,
        }),
      );
      if (!stale) {
        const waiters = e.waiters.splice(0);
        for (const w of waiters) w(outcome);
        if (e.state === "running") {
          // Fixed rate from the due time; if we fell behind, run again after at most one ttl from now, never in a burst.
          const next = reason === "schedule" ? Math.max(dueAt + e.ttlMs, finishedAt) : finishedAt + e.ttlMs;
          e.state = "idle"; // if scheduleAt throws, the watchdog finds it idle and restarts it
          this.scheduleAt(e, Math.min(next, finishedAt + e.ttlMs));
        }
      }
    }
  }

  private async writeSnapshot(e: Entry, data: unknown, at: number): Promise<RefreshOutcome> {
    const store = this.opts.store;
    let writes = this.pendingWrites.get(e.user);
    if (!writes) this.pendingWrites.set(e.user, (writes = new Set()));
    const work = (async (): Promise<RefreshOutcome> => {
      const old = await store.get(e.user, e.section);
      if ((e.state as State) === "removed") return { ok: false, changed: false };
      const snapshot: SkeletonSnapshot = { user: e.user, section: e.section, data, refreshedAt: at };
      const changed = old !== undefined && canonical(old.data) !== canonical(data);
      try {
        await store.put(snapshot);
      } catch (err) {
        const error = this.mkError(e.user, e.section, "SKELETON_STORE_FAILED", errMessage(err));
        e.lastError = error;
        this.counters.failures++;
        this.safe(() => this.opts.onError?.(error));
        return { ok: false, changed: false, error };
      }
      if (changed && this.opts.onAlert) {
        this.counters.alerts++;
        try {
          await this.opts.onAlert({ user: e.user, section: e.section, old: old!.data, new: data });
        } catch {
          // An alert tool failing must not stop the refresh loop.
        }
      }
      return { ok: true, changed, snapshot };
    })();
    writes.add(work);
    try {
      return await work;
    } finally {
      writes.delete(work);
      if (writes.size === 0) this.pendingWrites.delete(e.user);
    }
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch {
      // Observer callbacks never break the loop.
    }
  }

  private scheduleWatchdog(): void {
    if (!this.running) return;
    this.watchdogHandle = this.t.setTimeout(() => {
      try {
        this.watchdog();
      } finally {
        this.scheduleWatchdog();
      }
    }, this.watchdogMs);
  }

  /** Restarts whatever stopped: a lost timer, a stalled queue, entries that fell out of the schedule, hung refreshes. */
  watchdog(): void {
    const now = this.t.now();
    for (const e of this.entries.values()) {
      if (e.state === "idle") {
        this.counters.restarts++;
        this.safe(() => this.opts.onRestart?.(`loop ${e.user}/${e.section}`));
        this.scheduleAt(e, now);
      } else if (e.state === "running" && now - e.runStartedAt > this.refreshTimeoutMs + 2 * this.watchdogMs) {
        // The per-refresh timeout should have fired; if it did not, abandon the run and reschedule.
        this.counters.restarts++;
        this.safe(() => this.opts.onRestart?.(`hung refresh ${e.user}/${e.section}`));
        e.abandon?.();
        e.abandon = undefined;
        this.scheduleAt(e, now);
      }
    }
    const top = this.peekLive();
    if (top && (this.timerHandle === undefined || top.dueAt < now - this.watchdogMs)) {
      this.counters.restarts++;
      this.safe(() => this.opts.onRestart?.("timer"));
      this.armTimer(true);
      if (top.dueAt <= now) this.tick();
    }
    if (this.queue.length && this.inFlight < this.concurrency) this.pump();
  }

  /** Test hook: simulates a crashed loop (the entry falls out of the schedule) and a lost wheel timer. */
  simulateCrash(user: string, section?: string): void {
    for (const e of this.byUser.get(user) ?? []) {
      if (section && e.section !== section) continue;
      if (e.state === "scheduled") {
        e.heapToken++;
        e.state = "idle";
      }
    }
    if (this.timerHandle !== undefined) this.t.clearTimeout(this.timerHandle);
    this.timerHandle = undefined;
    this.timerDueAt = Infinity;
  }
}
