// The schedule loop's switches (SPEC 7.3): `schedules.enabled: false` leaves on-demand runs only, and a reload's
// schedules replace the old build's (the timer re-arms for the new set). Real kernels, real SQLite, test clocks.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, cleanup, loadKernel } from "./helpers.js";

type Mod = Awaited<ReturnType<typeof loadKernel>>;
let mod: Mod;
const dirs: string[] = [];

const until = async (f: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end && !f()) await new Promise((r) => setTimeout(r, 20));
  return f();
};

beforeAll(async () => {
  mod = await loadKernel();
});
afterAll(() => dirs.forEach(cleanup));

describe("createKernel({ schedules: { enabled: false } })", () => {
  it("arms no timer and fires nothing; runSchedule still runs it; next_run_at is null", async () => {
    const dir = await buildFixture("platform.ts");
    dirs.push(dir);
    const clock = mod.createTestClock("2030-01-01T09:59:00Z");
    const k = await mod.createKernel({
      extensionDir: dir,
      stateDir: join(dir, "state"),
      users: [{ id: "alice" }],
      schedules: { enabled: false, clock },
    });
    try {
      expect(clock.pending()).toBe(0);
      await clock.set("2030-01-01T10:00:00Z");
      expect(k.audit(50, "__system__")).toEqual([]);
      expect(k.schedules().map((s) => [s.name, s.next_run_at])).toEqual([
        ["digest", null],
        ["slow", null],
        ["broken", null],
        ["census", null],
      ]);
      const r = await k.runSchedule("digest");
      expect(r).toMatchObject({ name: "digest", status: "executed" });
      expect(k.audit(50, "__system__").map((x) => `${x.tool}:${x.status}`)).toEqual(["__schedule__digest:executed"]);
      expect(k.schedules()[0]!.last_run).toMatchObject({ at: "2030-01-01T10:00:00.000Z", status: "executed" });
    } finally {
      await k.close();
    }
  });
});

describe("schedules follow reloads", () => {
  it("a new build's schedules replace the old: the old one stops firing, the new one fires at its minute", async () => {
    const dir = await buildFixture("schedules-reload.ts", undefined, { tag: "v1" });
    dirs.push(dir);
    const clock = mod.createTestClock("2030-01-01T10:00:30Z");
    const k = await mod.createKernel({ extensionDir: dir, stateDir: join(dir, "state"), schedules: { clock } });
    const fired = () => k.audit(50, "__system__").map((x) => `${x.tool}:${x.status}`);
    try {
      // the start looks at the current minute: `early` (every minute) fires for 10:00
      expect(await until(() => k.schedules()[0]?.last_run !== undefined && !k.schedules()[0]!.running)).toBe(true);
      expect(fired()).toEqual(["__schedule__early:executed"]);
      await clock.set("2030-01-01T10:01:00Z");
      expect(fired()).toEqual(["__schedule__early:executed", "__schedule__early:executed"]);

      await buildFixture("schedules-reload.ts", dir, { tag: "v2" });
      expect((await k.reload()).ok).toBe(true);
      expect(k.schedules().map((s) => [s.name, s.cron, s.next_run_at])).toEqual([
        ["late", "30 10 * * *", "2030-01-01T10:30:00.000Z"],
      ]);
      await clock.set("2030-01-01T10:29:00Z");
      expect(fired()).toHaveLength(2); // `early` is gone with its build
      await clock.set("2030-01-01T10:30:00Z");
      expect(fired()[0]).toBe("__schedule__late:executed");
      await expect(k.runSchedule("early")).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await k.close();
    }
  });
});

describe("closing the kernel under a running schedule", () => {
  it("close() resolves promptly and the run's audit row is completed, not left started", async () => {
    const dir = await buildFixture("platform.ts");
    dirs.push(dir);
    const stateDir = join(dir, "state");
    const k = await mod.createKernel({
      extensionDir: dir,
      stateDir,
      users: [{ id: "alice" }],
      schedules: { enabled: false },
    });
    const run = k.runSchedule("slow"); // sleeps 3 s, timeout 1 s
    await until(() => k.schedules().find((s) => s.name === "slow")!.running);
    const t0 = Date.now();
    await k.close();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(["timeout", "failed", "cancelled"]).toContain((await run).status);
    const db = new Database(join(stateDir, "kernel.db"), { readonly: true });
    try {
      const rows = db.prepare("SELECT status FROM audit WHERE tool = '__schedule__slow'").all() as Array<{
        status: string;
      }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).not.toBe("started");
    } finally {
      db.close();
    }
  });
});
