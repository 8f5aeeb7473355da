// The effects of the schedule loop (SPEC 7.3): one timer on the kernel clock, armed for the next minute any cron
// matches; at each tick the pure core (due.ts) says what is due, the fired minute is persisted, and each run goes
// through the platform runner as `__system__` (one audit row each). Schedules come from the serving build on every
// tick, so a reload's schedules replace the old ones; a reload also re-arms the timer.
import { performance } from "node:perf_hooks";
import { KernelError } from "../errors.js";
import type { EventBus } from "../events.js";
import type { KernelLog } from "../log.js";
import type { PlatformRunner } from "../platform/runner.js";
import type { KernelClock, CancelTimer } from "./clock.js";
import { dueFires, floorMinute, MINUTE_MS, nextRunAt, nextWake, type DueFire } from "./due.js";
import type { ScheduleState } from "./sqlite-state.js";
import type { ScheduleLastRun, ScheduleRunResult, ScheduleView } from "./types.js";

/** SPEC 7.3: a schedule without `timeoutSeconds` may run this long. */
export const DEFAULT_SCHEDULE_TIMEOUT_S = 180;
// A timer is never armed further out than this: a clock that jumped (suspend, NTP) is noticed within the hour.
const MAX_SLEEP_MS = 60 * MINUTE_MS;

/** A schedule of the serving build (`platformInfo(ext).schedules`). */
export interface ScheduleDef {
  name: string;
  cron: string;
  description?: string;
  timeoutSeconds?: number;
}

/** What the loop needs (built once by createKernel). */
export interface ScheduleRuntimeDeps {
  clock: KernelClock;
  /** The timer loop; off = on-demand runs only. */
  enabled: boolean;
  /** The serving build's schedules, read at every tick. */
  schedules: () => readonly ScheduleDef[];
  platform: Pick<PlatformRunner, "run" | "skipped" | "systemUser">;
  state: ScheduleState;
  events: EventBus;
  log: KernelLog;
}

type Trigger = "cron" | "manual";

/** Runs the schedules of the serving build. */
export class ScheduleRuntime {
  private checkedThrough = 0;
  private cancel: CancelTimer | undefined;
  private stopped = true;
  private readonly running = new Set<string>();
  private readonly inFlight = new Set<Promise<ScheduleRunResult>>();
  private offReload: (() => void) | undefined;

  constructor(private readonly d: ScheduleRuntimeDeps) {}

  /** Starts the loop (when enabled): the current minute counts, earlier ones are not replayed. */
  start(): void {
    if (!this.d.enabled || !this.stopped) return;
    this.stopped = false;
    this.checkedThrough = floorMinute(this.d.clock.now()) - MINUTE_MS;
    this.offReload = this.d.events.on((e) => {
      if (e.type === "reload") this.arm();
    });
    void this.tick();
  }

  /** Stops the timer; runs already going finish (see {@link idle}). */
  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    this.offReload?.();
  }

  /** Resolves once every run in flight has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** The schedules with their next and last run (`GET /v1/schedules`). */
  list(): ScheduleView[] {
    const now = this.d.clock.now();
    return this.d.schedules().map((s) => {
      const next = this.d.enabled ? nextRunAt(s.cron, now) : null;
      const last = this.d.state.lastRun(s.name);
      return {
        name: s.name,
        cron: s.cron,
        ...(s.description ? { description: s.description } : {}),
        timeout_seconds: s.timeoutSeconds ?? DEFAULT_SCHEDULE_TIMEOUT_S,
        next_run_at: next === null ? null : new Date(next).toISOString(),
        running: this.running.has(s.name),
        ...(last ? { last_run: last } : {}),
      };
    });
  }

  /** Runs a schedule now, through the same path and audit as a cron fire. Unknown name: 404 NOT_FOUND. */
  runNow(name: string): Promise<ScheduleRunResult> {
    const def = this.d.schedules().find((s) => s.name === name);
    if (!def) {
      const known = this.d.schedules().map((s) => s.name);
      // A promise-returning API fails as a rejected promise, never by throwing at the call.
      return Promise.reject(
        new KernelError(
          "NOT_FOUND",
          `No schedule ${JSON.stringify(name)} in the serving build.`,
          known.length
            ? `Use one of: ${known.join(", ")} (GET /v1/schedules).`
            : "This extension declares no schedules.",
          404,
        ),
      );
    }
    return this.fire(def, "manual");
  }

  /** One look at the clock: fire what is due, then arm the timer for the next match. */
  private tick(): Promise<unknown> {
    if (this.stopped) return Promise.resolve();
    const defs = this.d.schedules();
    let due: DueFire[] = [];
    try {
      const r = dueFires({
        schedules: defs,
        lastFired: (n) => this.d.state.lastFired(n),
        checkedThrough: this.checkedThrough,
        now: this.d.clock.now(),
      });
      this.checkedThrough = r.checkedThrough;
      due = r.fires;
    } catch (e) {
      this.d.log("error", `schedule loop: ${(e as Error).message}`);
    }
    const runs: Promise<unknown>[] = [];
    for (const f of due) {
      const def = defs.find((s) => s.name === f.name)!;
      try {
        this.d.state.markFired(f.name, f.minute); // before the run: a restart in this minute must not fire it again
      } catch (e) {
        this.d.log("error", `schedule ${f.name}: cannot record the fire: ${(e as Error).message}`);
        continue;
      }
      runs.push(this.fire(def, "cron"));
    }
    this.arm();
    return Promise.allSettled(runs);
  }

  private arm(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (this.stopped) return;
    const now = this.d.clock.now();
    const wake = nextWake(this.d.schedules(), now);
    // No schedule will ever match: sleep until a reload brings other ones.
    if (wake === null) return;
    this.cancel = this.d.clock.setTimer(() => this.tick(), Math.min(MAX_SLEEP_MS, Math.max(0, wake - now)));
  }

  /** Starts one run, or audits it `skipped` while the previous run of the same schedule is going. */
  private fire(def: ScheduleDef, trigger: Trigger): Promise<ScheduleRunResult> {
    const { platform, events, clock } = this.d;
    const user = platform.systemUser();
    const target = { kind: "schedule", name: def.name } as const;
    const at = new Date(clock.now()).toISOString();
    if (this.running.has(def.name)) {
      const reason = "The previous run of this schedule is still going.";
      try {
        platform.skipped({ user, target, source: "schedule" }, reason);
      } catch (e) {
        this.d.log("error", `schedule ${def.name}: cannot audit the skip: ${(e as Error).message}`);
      }
      events.emit("schedule", { name: def.name, phase: "skipped", trigger, at, status: "skipped" });
      return Promise.resolve({ name: def.name, status: "skipped", duration_ms: 0, error: reason });
    }
    // Claimed synchronously, so a fire in the same tick (or a concurrent runNow) sees it running.
    this.running.add(def.name);
    events.emit("schedule", { name: def.name, phase: "started", trigger, at });
    const p = this.execute(def, trigger, at).finally(() => {
      this.running.delete(def.name);
      this.inFlight.delete(p);
    });
    this.inFlight.add(p);
    return p;
  }

  private async execute(def: ScheduleDef, trigger: Trigger, at: string): Promise<ScheduleRunResult> {
    const { platform, state, events } = this.d;
    const t0 = performance.now();
    let run: ScheduleLastRun;
    let code: string | undefined;
    try {
      const r = await platform.run({
        user: platform.systemUser(),
        target: { kind: "schedule", name: def.name },
        kind: "system",
        source: "schedule",
        timeoutMs: (def.timeoutSeconds ?? DEFAULT_SCHEDULE_TIMEOUT_S) * 1000,
      });
      run = { at, status: r.status, duration_ms: Math.round(r.durationMs), ...(r.error ? { error: r.error } : {}) };
      code = r.code;
    } catch (e) {
      // The runner audits and catches handler failures itself; this is the kernel failing around it (closing).
      const err = e as { code?: unknown; message?: unknown };
      run = { at, status: "failed", duration_ms: Math.round(performance.now() - t0), error: String(err?.message ?? e) };
      code = typeof err?.code === "string" ? err.code : "INTERNAL_ERROR";
    }
    try {
      state.saveRun(def.name, run);
    } catch (e) {
      this.d.log("warn", `schedule ${def.name}: cannot record the last run: ${(e as Error).message}`);
    }
    const { at: _at, ...answer } = run;
    events.emit("schedule", {
      name: def.name,
      phase: "finished",
      trigger,
      ...run,
      ...(run.error ? { error: run.error.slice(0, 500) } : {}),
    });
    return { name: def.name, ...answer, ...(code ? { code } : {}) };
  }
}
