/** A clock the tests control; every in-memory client reads time through it. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a manual clock starting at `start` (ms since epoch; default 2026-01-01T00:00:00Z). */
export function createClock(start: number | Date = Date.UTC(2026, 0, 1)): TestClock {
  let t = typeof start === "number" ? start : start.getTime();
  return {
    now: () => t,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("clock.advance(ms): ms must be a non-negative number.");
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}
