import { afterEach, describe, expect, it } from "vitest";
import { MemorySnapshotStore } from "../../src/skeleton/memory-store.js";
import {
  SkeletonScheduler,
  unwrapSkeletonResponse,
  type SkeletonSchedulerOptions,
} from "../../src/skeleton/scheduler.js";
import type { RefreshResult, SkeletonChange, SkeletonRefreshError } from "../../src/skeleton/types.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const schedulers: SkeletonScheduler[] = [];
afterEach(() => {
  for (const s of schedulers.splice(0)) s.stop();
});

function make(opts: Partial<SkeletonSchedulerOptions> & Pick<SkeletonSchedulerOptions, "refresh">) {
  const store = new MemorySnapshotStore();
  const s = new SkeletonScheduler({ store, firstRefresh: "now", watchdogMs: 100, ...opts });
  schedulers.push(s);
  return { s, store: (opts.store as MemorySnapshotStore | undefined) ?? store };
}

async function waitFor(cond: () => boolean, ms = 2000): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await sleep(5);
  }
  return Date.now() - t0;
}

describe("unwrapSkeletonResponse", () => {
  it.each<[unknown, boolean, unknown]>([
    [{ response: { a: 1 } }, true, { a: 1 }],
    [{ response: [] }, true, []],
    [{ response: null }, true, null],
    [{ a: 1 }, false, undefined],
    [{ status: "success", data: { n: 2 }, summary: "ok" }, true, { n: 2 }],
    [{ status: "error", error: "boom", summary: "" }, false, undefined],
    ["string", false, undefined],
    [null, false, undefined],
    [[{ response: 1 }], false, undefined],
  ])("%j", (input, ok, data) => {
    const r = unwrapSkeletonResponse(input);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.data).toEqual(data);
  });
});

describe("SkeletonScheduler", () => {
  it("refreshes every ttl and stores the unwrapped response", async () => {
    let n = 0;
    const calls: string[] = [];
    const { s, store } = make({
      refresh: async (u, sec) => {
        calls.push(`${u}/${sec}`);
        return { ok: true, response: { response: { count: ++n } } };
      },
    });
    s.register("alice", "notes", 0.1);
    s.start();
    await sleep(380);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(calls.every((c) => c === "alice/notes")).toBe(true);
    const snap = store.get("alice", "notes")!;
    expect(snap.data).toEqual({ count: n });
    expect(snap.refreshedAt).toBeLessThanOrEqual(Date.now());
  });

  it("records a bad return and keeps the last good snapshot", async () => {
    let n = 0;
    const errors: SkeletonRefreshError[] = [];
    const { s, store } = make({
      refresh: async () =>
        ++n === 1 ? { ok: true, response: { response: { total: 1 } } } : { ok: true, response: { total: 99 } },
      onError: (e) => errors.push(e),
    });
    s.register("u", "sec", 60);
    s.start();
    await waitFor(() => store.get("u", "sec") !== undefined);
    const out = await s.refreshNow("u", "sec");
    expect(out.ok).toBe(false);
    expect(out.error?.code).toBe("SKELETON_BAD_RETURN");
    expect(errors.map((e) => e.code)).toEqual(["SKELETON_BAD_RETURN"]);
    expect(s.lastError("u", "sec")?.code).toBe("SKELETON_BAD_RETURN");
    expect(store.get("u", "sec")!.data).toEqual({ total: 1 });
  });

  it("records refresh errors (ok:false, thrown, sync throw) without stopping", async () => {
    let n = 0;
    const errors: string[] = [];
    const { s, store } = make({
      refresh: (() => {
        n++;
        if (n === 1) return Promise.resolve({ ok: false, error: { code: "HANDLER_ERROR", message: "db down" } });
        if (n === 2) return Promise.reject(new Error("kaput"));
        if (n === 3) throw new Error("sync kaput");
        return Promise.resolve({ ok: true, response: { response: { fine: true } } });
      }) as unknown as () => Promise<RefreshResult>,
      onError: (e) => errors.push(`${e.code}:${e.message}`),
    });
    s.register("u", "x", 0.05);
    s.start();
    await waitFor(() => store.get("u", "x") !== undefined);
    expect(errors).toEqual([
      "HANDLER_ERROR:db down",
      "SKELETON_REFRESH_FAILED:kaput",
      "SKELETON_REFRESH_FAILED:sync kaput",
    ]);
    expect(store.get("u", "x")!.data).toEqual({ fine: true });
    expect(s.lastError("u", "x")).toBeUndefined();
  });

  it("alerts with { old, new } on change only (not on first snapshot, not on key reordering)", async () => {
    const values = [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: 1, b: 3 },
    ];
    let i = 0;
    const alerts: SkeletonChange[] = [];
    const { s } = make({
      refresh: async () => ({ ok: true, response: { response: values[Math.min(i++, 2)] } }),
      onAlert: (c) => void alerts.push(c),
    });
    s.register("bob", "tasks", 3600);
    s.start();
    await waitFor(() => i >= 1);
    await s.refreshNow("bob", "tasks");
    const third = await s.refreshNow("bob", "tasks");
    expect(third.changed).toBe(true);
    expect(alerts).toEqual([{ user: "bob", section: "tasks", old: { b: 2, a: 1 }, new: { a: 1, b: 3 } }]);
  });

  it("an alert callback that throws does not stop the loop", async () => {
    let n = 0;
    const { s, store } = make({
      refresh: async () => ({ ok: true, response: { response: { n: ++n } } }),
      onAlert: () => {
        throw new Error("alert failed");
      },
    });
    s.register("u", "s", 0.03);
    s.start();
    await waitFor(() => ((store.get("u", "s")?.data as { n: number } | undefined)?.n ?? 0) >= 4);
  });

  it("refreshNow joins an in-flight refresh and returns its outcome", async () => {
    let calls = 0;
    const { s } = make({
      refresh: async () => {
        calls++;
        await sleep(60);
        return { ok: true, response: { response: { v: calls } } };
      },
    });
    s.register("u", "s", 3600);
    s.start();
    await waitFor(() => calls === 1);
    const [a, b] = await Promise.all([s.refreshNow("u", "s"), s.refreshNow("u", "s")]);
    expect(calls).toBe(1);
    expect(a.ok && b.ok).toBe(true);
    expect(a.snapshot?.data).toEqual({ v: 1 });
  });

  it("refreshNow on an unknown section answers an error", async () => {
    const { s } = make({ refresh: async () => ({ ok: true, response: { response: {} } }) });
    const out = await s.refreshNow("nobody", "nothing");
    expect(out.error?.code).toBe("SKELETON_UNKNOWN_SECTION");
  });

  it("times out a hung refresh, records it, and keeps refreshing", async () => {
    let n = 0;
    const errors: string[] = [];
    const { s, store } = make({
      refresh: (() =>
        ++n === 1
          ? new Promise(() => {})
          : Promise.resolve({ ok: true, response: { response: { n } } })) as () => Promise<RefreshResult>,
      refreshTimeoutMs: 80,
      onError: (e) => errors.push(e.code),
    });
    s.register("u", "s", 0.05);
    s.start();
    await waitFor(() => store.get("u", "s") !== undefined);
    expect(errors).toEqual(["SKELETON_REFRESH_TIMEOUT"]);
  });

  it("watchdog restarts a crashed loop within a few hundred ms", async () => {
    let n = 0;
    const restarts: string[] = [];
    const { s } = make({
      refresh: async () => ({ ok: true, response: { response: { n: ++n } } }),
      onRestart: (w) => restarts.push(w),
    });
    s.register("u", "s", 0.05);
    s.start();
    await waitFor(() => n >= 2);
    s.simulateCrash("u");
    const before = n;
    const took = await waitFor(() => n > before + 1, 1000);
    expect(took).toBeLessThan(600);
    expect(restarts).toContain("loop u/s");
    expect(s.stats().restarts).toBeGreaterThanOrEqual(1);
  });

  it("survives a store whose put fails", async () => {
    let fail = true;
    const store = new MemorySnapshotStore();
    const put = store.put.bind(store);
    store.put = (snap) => {
      if (fail) {
        fail = false;
        throw new Error("disk full");
      }
      put(snap);
    };
    const errors: string[] = [];
    const { s } = make({
      store,
      refresh: async () => ({ ok: true, response: { response: { x: 1 } } }),
      onError: (e) => errors.push(`${e.code}:${e.message}`),
    });
    s.register("u", "s", 0.04);
    s.start();
    await waitFor(() => store.get("u", "s") !== undefined);
    expect(errors).toEqual(["SKELETON_STORE_FAILED:disk full"]);
  });

  it("purgeUser removes snapshots within 2 s, stops the loops and discards late results", async () => {
    let release: () => void = () => {};
    const calls: string[] = [];
    const { s, store } = make({
      refresh: async (u, sec) => {
        calls.push(`${u}/${sec}`);
        if (u === "carol" && sec === "slow" && calls.filter((c) => c === "carol/slow").length === 2) {
          await new Promise<void>((r) => (release = r));
        }
        return { ok: true, response: { response: { u, sec } } };
      },
    });
    s.addUser("carol", [
      { section: "a", ttl: 0.05 },
      { section: "slow", ttl: 0.05 },
    ]);
    s.addUser("dave", [{ section: "a", ttl: 0.05 }]);
    s.start();
    await waitFor(() => calls.filter((c) => c === "carol/slow").length === 2);
    const t0 = Date.now();
    await s.purgeUser("carol");
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(store.list("carol")).toEqual([]);
    release();
    const countAfter = calls.filter((c) => c.startsWith("carol/")).length;
    await sleep(200);
    expect(calls.filter((c) => c.startsWith("carol/")).length).toBe(countAfter);
    expect(store.list("carol")).toEqual([]);
    expect(store.get("dave", "a")?.data).toEqual({ u: "dave", sec: "a" });
    expect(s.stats().entries).toBe(1);
  });

  it("keeps users isolated", async () => {
    const { s, store } = make({ refresh: async (u) => ({ ok: true, response: { response: { owner: u } } }) });
    s.addUser("a", [{ section: "s", ttl: 60 }]);
    s.addUser("b", [{ section: "s", ttl: 60 }]);
    s.start();
    await waitFor(() => store.get("a", "s") !== undefined && store.get("b", "s") !== undefined);
    expect(store.get("a", "s")!.data).toEqual({ owner: "a" });
    expect(store.get("b", "s")!.data).toEqual({ owner: "b" });
  });

  it("bounds concurrency", async () => {
    let active = 0;
    let peak = 0;
    let done = 0;
    const { s } = make({
      concurrency: 4,
      refresh: async () => {
        active++;
        peak = Math.max(peak, active);
        await sleep(10);
        active--;
        done++;
        return { ok: true, response: { response: {} } };
      },
    });
    for (let i = 0; i < 40; i++) s.register(`u${i}`, "s", 3600);
    s.start();
    await waitFor(() => done >= 40);
    expect(peak).toBe(4);
  });

  it("spreads first refreshes over the ttl window by default", async () => {
    const starts: number[] = [];
    const store = new MemorySnapshotStore();
    const s = new SkeletonScheduler({
      store,
      refresh: async () => {
        starts.push(Date.now());
        return { ok: true, response: { response: {} } };
      },
      spreadWindowMs: 300,
    });
    schedulers.push(s);
    const t0 = Date.now();
    for (let i = 0; i < 30; i++) s.register(`u${i}`, "s", 0.3);
    s.start();
    await waitFor(() => starts.length >= 30);
    const offs = starts.slice(0, 30).map((t) => t - t0);
    expect(Math.max(...offs) - Math.min(...offs)).toBeGreaterThan(100);
  });

  it("rejects a non-positive ttl", () => {
    const { s } = make({ refresh: async () => ({ ok: true }) });
    expect(() => s.register("u", "s", 0)).toThrow(RangeError);
  });

  it("works with injected timers (deterministic clock)", async () => {
    let now = 1_000_000;
    const pending: Array<{ at: number; fn: () => void; id: number }> = [];
    let id = 0;
    const timers = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        const h = { at: now + ms, fn, id: ++id };
        pending.push(h);
        return h;
      },
      clearTimeout: (h: unknown) => {
        const i = pending.indexOf(h as (typeof pending)[number]);
        if (i >= 0) pending.splice(i, 1);
      },
    };
    const advance = async (ms: number) => {
      const end = now + ms;
      for (;;) {
        pending.sort((a, b) => a.at - b.at);
        const next = pending[0];
        if (!next || next.at > end) break;
        pending.shift();
        now = next.at;
        next.fn();
        await sleep(0);
      }
      now = end;
    };
    const seen: number[] = [];
    const { s, store } = make({
      timers,
      watchdogMs: 1000,
      refresh: async () => {
        seen.push(now);
        return { ok: true, response: { response: { t: now } } };
      },
    });
    s.register("u", "s", 30);
    s.start();
    await advance(95_000);
    expect(seen).toEqual([1_000_000, 1_030_000, 1_060_000, 1_090_000]);
    expect(store.get("u", "s")!.refreshedAt).toBe(1_090_000);
  });
});
