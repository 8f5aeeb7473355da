// The pure core of the schedule loop (which (schedule, minute) pairs are due) and the test clock, without a kernel.
import { describe, expect, it } from "vitest";
import { createTestClock } from "../src/schedules/clock.js";
import { dueFires, floorMinute, nextRunAt, nextWake } from "../src/schedules/due.js";

const T = (iso: string) => Date.parse(iso);
const M = 60_000;
const at10 = T("2030-01-01T10:00:00Z");

describe("dueFires", () => {
  const daily = { name: "daily", cron: "0 10 * * *" };
  const every = { name: "every", cron: "* * * * *" };
  const none = () => undefined;

  it("a matching minute is due once: not again when it already fired, not at the next minute", () => {
    const first = dueFires({ schedules: [daily], lastFired: none, checkedThrough: at10 - M, now: at10 + 12_345 });
    expect(first).toEqual({ fires: [{ name: "daily", minute: at10 }], checkedThrough: at10 });
    // same minute, fresh process (a restart): the persisted fired minute stops it
    const restart = dueFires({
      schedules: [daily],
      lastFired: () => at10,
      checkedThrough: at10 - M,
      now: at10 + 50_000,
    });
    expect(restart.fires).toEqual([]);
    // same process, same minute: the window is empty
    expect(dueFires({ schedules: [daily], lastFired: none, checkedThrough: at10, now: at10 + 59_999 }).fires).toEqual(
      [],
    );
    expect(dueFires({ schedules: [daily], lastFired: () => at10, checkedThrough: at10, now: at10 + M }).fires).toEqual(
      [],
    );
  });

  it("a late tick still fires the minute it missed, collapsed to one fire per schedule (the latest minute)", () => {
    const r = dueFires({
      schedules: [every, daily],
      lastFired: none,
      checkedThrough: at10 - 3 * M,
      now: at10 + 2 * M + 5,
    });
    expect(r.fires).toEqual([
      { name: "every", minute: at10 + 2 * M },
      { name: "daily", minute: at10 },
    ]);
    expect(r.checkedThrough).toBe(at10 + 2 * M);
  });

  it("minutes before the window (the kernel was down) are not replayed", () => {
    const r = dueFires({ schedules: [daily], lastFired: none, checkedThrough: at10 + 5 * M, now: at10 + 6 * M });
    expect(r.fires).toEqual([]);
  });

  it("a fired minute from another clock (a later test clock) does not block a real one", () => {
    const future = T("2040-01-01T10:00:00Z");
    expect(
      dueFires({ schedules: [daily], lastFired: () => future, checkedThrough: at10 - M, now: at10 }).fires,
    ).toEqual([{ name: "daily", minute: at10 }]);
  });

  it("a cron croner cannot evaluate is left out, the others still fire", () => {
    const bad = { name: "bad", cron: "61 * * * *" };
    expect(dueFires({ schedules: [bad, every], lastFired: none, checkedThrough: at10 - M, now: at10 }).fires).toEqual([
      { name: "every", minute: at10 },
    ]);
    expect(nextRunAt(bad.cron, at10)).toBeNull();
  });
});

describe("next run (croner, 5 fields, UTC)", () => {
  it("is the next matching minute strictly after now", () => {
    expect(new Date(nextRunAt("0 10 * * *", at10 - 1)!).toISOString()).toBe("2030-01-01T10:00:00.000Z");
    expect(new Date(nextRunAt("0 10 * * *", at10)!).toISOString()).toBe("2030-01-02T10:00:00.000Z");
    expect(new Date(nextRunAt("*/5 * * * *", at10 + 1)!).toISOString()).toBe("2030-01-01T10:05:00.000Z");
    // day of week: 2030-01-01 is a Tuesday; 1 = Monday
    expect(new Date(nextRunAt("30 8 * * 1", at10)!).toISOString()).toBe("2030-01-07T08:30:00.000Z");
    expect(
      nextWake(
        [
          { name: "a", cron: "0 10 * * *" },
          { name: "b", cron: "*/15 * * * *" },
        ],
        at10,
      ),
    ).toBe(at10 + 15 * M);
    expect(nextWake([], at10)).toBeNull();
    expect(floorMinute(at10 + 59_999)).toBe(at10);
  });
});

describe("createTestClock", () => {
  it("fires timers in time order as it passes them, with now() at each timer's time, and awaits what they return", async () => {
    const clock = createTestClock("2030-01-01T10:00:00Z");
    const seen: string[] = [];
    let finished = false;
    clock.setTimer(() => seen.push(`b@${clock.now() - at10}`), 2000);
    clock.setTimer(() => {
      seen.push(`a@${clock.now() - at10}`);
      // a timer armed by a callback inside the walked span fires in the same walk
      clock.setTimer(() => seen.push(`c@${clock.now() - at10}`), 500);
      return new Promise<void>((r) => setTimeout(() => ((finished = true), r()), 30));
    }, 1000);
    const cancel = clock.setTimer(() => seen.push("never"), 1500);
    cancel();
    await clock.advance(5000);
    expect(seen).toEqual(["a@1000", "c@1500", "b@2000"]);
    expect(finished).toBe(true);
    expect(clock.now()).toBe(at10 + 5000);
    expect(clock.pending()).toBe(0);
  });

  it("set() moves to a time; a bad time or a step back is CLOCK_BAD_TIME", async () => {
    const clock = createTestClock(at10);
    await clock.set("2030-01-01T11:00:00Z");
    expect(clock.now()).toBe(at10 + 60 * M);
    await expect(clock.set("2030-01-01T10:30:00Z")).rejects.toMatchObject({ code: "CLOCK_BAD_TIME" });
    await expect(clock.advance(-1)).rejects.toMatchObject({ code: "CLOCK_BAD_TIME" });
    await expect(clock.set("not a time")).rejects.toMatchObject({ code: "CLOCK_BAD_TIME" });
    expect(() => createTestClock("yesterday")).toThrow(/"yesterday" is not a time/);
    expect(clock.now()).toBe(at10 + 60 * M);
  });
});
