// The kernel's clock for schedules: wall time and real timers in production, a hand-driven clock in tests so a test
// proves "fires at 10:00, not twice, skipped while still running" without waiting real minutes.
import { KernelError } from "../errors.js";

/** Cancels a timer set with {@link KernelClock.setTimer}. */
export type CancelTimer = () => void;

/** What the schedule loop reads time from and arms its timer on. */
export interface KernelClock {
  /** Milliseconds since the epoch (UTC). */
  now(): number;
  /** Calls `fn` once, `delayMs` from now. A returned promise is awaited by a test clock's advance. */
  setTimer(fn: () => unknown, delayMs: number): CancelTimer;
}

/** A clock a test moves by hand; timers fire as time passes over them. */
export interface TestClock extends KernelClock {
  /** Moves time forward by `ms`, firing every timer it passes in order; resolves once what they started settled. */
  advance(ms: number): Promise<void>;
  /** Moves time forward to `at` (ISO string or epoch ms); the same as `advance(at - now)`. */
  set(at: string | number): Promise<void>;
  /** Timers armed and not yet fired. */
  pending(): number;
}

// setTimeout's delay is a signed 32-bit int: longer delays fire at once, so long waits are re-armed in steps.
const MAX_TIMER_MS = 2_147_483_647;

/** Wall time and Node's timers (unref'd: a schedule never keeps the process alive). */
export const realClock: KernelClock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    let handle: NodeJS.Timeout | undefined;
    const arm = (left: number): void => {
      const step = Math.min(MAX_TIMER_MS, Math.max(0, left));
      const due = Date.now() + step;
      handle = setTimeout(() => {
        if (left > step) return arm(left - step - (Date.now() - due));
        void Promise.resolve()
          .then(fn)
          .catch(() => undefined);
      }, step);
      handle.unref();
    };
    arm(delayMs);
    return () => clearTimeout(handle);
  },
};

function badTime(message: string, fix: string): KernelError {
  return new KernelError("CLOCK_BAD_TIME", message, fix);
}

function toMs(at: string | number, what: string): number {
  const ms = typeof at === "number" ? at : Date.parse(at);
  if (!Number.isFinite(ms))
    throw badTime(`${what}: ${JSON.stringify(at)} is not a time.`, 'Pass an ISO time such as "2030-01-01T10:00:00Z".');
  return ms;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => unknown;
}

/** A test clock starting at `start` (ISO string or epoch ms): pass it as `createKernel({ schedules: { clock } })`. */
export function createTestClock(start: string | number): TestClock {
  let t = toMs(start, "createTestClock");
  let seq = 0;
  const timers = new Set<Timer>();

  const moveTo = async (target: number): Promise<void> => {
    const started: Promise<unknown>[] = [];
    // The walk is synchronous: a timer armed by a callback at or before `target` fires in the same walk, and a
    // concurrent advance() (while an earlier one awaits its runs) starts from where this one left time.
    for (;;) {
      let next: Timer | undefined;
      for (const x of timers)
        if (x.at <= target && (!next || x.at < next.at || (x.at === next.at && x.seq < next.seq))) next = x;
      if (!next) break;
      timers.delete(next);
      t = Math.max(t, next.at);
      try {
        const r = next.fn();
        if (r && typeof (r as Promise<unknown>).then === "function") started.push(r as Promise<unknown>);
      } catch {
        /* a throwing timer callback is the callback's problem, never the clock's */
      }
    }
    t = target;
    await Promise.allSettled(started);
  };

  return {
    now: () => t,
    setTimer(fn, delayMs) {
      const timer = { at: t + Math.max(0, delayMs), seq: ++seq, fn };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        return Promise.reject(badTime(`advance(${ms}): a test clock only moves forward.`, "Pass a number of ms >= 0."));
      return moveTo(t + ms);
    },
    set(at) {
      let target: number;
      try {
        target = toMs(at, "set");
      } catch (e) {
        return Promise.reject(e as Error);
      }
      if (target < t)
        return Promise.reject(
          badTime(
            `set(${JSON.stringify(at)}) is before the clock's time ${new Date(t).toISOString()}: a test clock only moves forward.`,
            "Create a new test clock to start earlier.",
          ),
        );
      return moveTo(target);
    },
    pending: () => timers.size,
  };
}
