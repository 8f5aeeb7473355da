// The pure core of the schedule loop: which (schedule, minute) pairs are due, and when each schedule runs next. No
// timers, no SQLite, no workers — runtime.ts feeds it the clock's time and the persisted last fired minutes.
// Cron strings are validated by the SDK (`cronProblem`, at registration); evaluation is croner's (5 fields, UTC).
import { Cron } from "croner";

/** One minute in ms. */
export const MINUTE_MS = 60_000;
// A window longer than this (the process was suspended for days) is looked at over its last day only: a schedule
// fires at most once per tick anyway, so older minutes could only be collapsed into that one fire.
const MAX_WINDOW_MS = 24 * 60 * MINUTE_MS;

/** The start of the minute `ms` falls in. */
export function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

const compiled = new Map<string, Cron | Error>();

/** croner's evaluator of a 5-field UTC cron expression (memoised), or the reason it cannot evaluate it. */
export function cronOf(expr: string): Cron | Error {
  let c = compiled.get(expr);
  if (!c) {
    try {
      c = new Cron(expr, { mode: "5-part", timezone: "UTC" });
    } catch (e) {
      c = e instanceof Error ? e : new Error(String(e));
    }
    compiled.set(expr, c);
  }
  return c;
}

/** The next minute strictly after `now` at which `cron` matches (epoch ms), or null (no such minute, bad cron). */
export function nextRunAt(cron: string, now: number): number | null {
  const c = cronOf(cron);
  if (c instanceof Error) return null;
  const next = c.nextRun(new Date(now));
  return next ? next.getTime() : null;
}

/** A schedule as the core sees it. */
export interface DueSchedule {
  name: string;
  cron: string;
}

/** One fire the loop owes: schedule `name` for the minute starting at `minute`. */
export interface DueFire {
  name: string;
  minute: number;
}

/** What {@link dueFires} looks at. */
export interface DueInput {
  schedules: readonly DueSchedule[];
  /** The minute each schedule last fired (persisted, so it survives restarts), if any. */
  lastFired: (name: string) => number | undefined;
  /** Every minute up to and including this one has been looked at by this process. */
  checkedThrough: number;
  now: number;
}

/**
 * The fires due at `now`: per schedule, the latest minute in (checkedThrough, minute of now] its cron matches,
 * unless that minute already fired. Minutes before the window (the kernel was not running) are not replayed.
 */
export function dueFires(input: DueInput): { fires: DueFire[]; checkedThrough: number } {
  const through = floorMinute(input.now);
  if (through <= input.checkedThrough) return { fires: [], checkedThrough: input.checkedThrough };
  const from = Math.max(input.checkedThrough, through - MAX_WINDOW_MS);
  const fires: DueFire[] = [];
  for (const s of input.schedules) {
    const c = cronOf(s.cron);
    if (c instanceof Error) continue;
    let latest: number | undefined;
    for (let at = c.nextRun(new Date(from)); at && at.getTime() <= through; at = c.nextRun(at)) latest = at.getTime();
    if (latest !== undefined && input.lastFired(s.name) !== latest) fires.push({ name: s.name, minute: latest });
  }
  return { fires, checkedThrough: through };
}

/** When the loop should look again: the earliest next run of any schedule after `now` (null: none will ever run). */
export function nextWake(schedules: readonly DueSchedule[], now: number): number | null {
  let wake: number | null = null;
  for (const s of schedules) {
    const at = nextRunAt(s.cron, now);
    if (at !== null && (wake === null || at < wake)) wake = at;
  }
  return wake;
}
