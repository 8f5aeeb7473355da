// The shapes of the schedules API (SPEC 7.3): what `GET /v1/schedules` lists and what a run answers.
import type { KernelClock } from "./clock.js";

/** How a schedule run ended: the audit row's status (`executed` = succeeded; `skipped` = the previous one ran). */
export type ScheduleRunStatus = "executed" | "failed" | "timeout" | "cancelled" | "skipped";

/** A schedule's last finished run. */
export interface ScheduleLastRun {
  /** When it started (the kernel clock's time, ISO). */
  at: string;
  status: Exclude<ScheduleRunStatus, "skipped">;
  duration_ms: number;
  error?: string;
}

/** One entry of `GET /v1/schedules`. */
export interface ScheduleView {
  name: string;
  cron: string;
  description?: string;
  timeout_seconds: number;
  /** The next minute its cron matches (ISO, UTC); null when the loop is off or the cron never matches again. */
  next_run_at: string | null;
  /** A run of it is going now (a fire now would be `skipped`). */
  running: boolean;
  last_run?: ScheduleLastRun;
}

/** What `POST /v1/schedules/{name}/run` and `kernel.runSchedule(name)` answer. */
export interface ScheduleRunResult {
  name: string;
  status: ScheduleRunStatus;
  duration_ms: number;
  error?: string;
  code?: string;
}

/** `createKernel({ schedules })`. */
export interface ScheduleOptions {
  /** The timer loop (cron fires). Default true; off, schedules still run on demand (`runSchedule`, HTTP, REPL). */
  enabled?: boolean;
  /** Where the loop reads time and arms its timer: default the wall clock; `createTestClock(iso)` in tests. */
  clock?: KernelClock;
}

/** What the HTTP routes need of the kernel. */
export interface ScheduleApi {
  schedules(): ScheduleView[];
  runSchedule(name: string): Promise<ScheduleRunResult>;
}
