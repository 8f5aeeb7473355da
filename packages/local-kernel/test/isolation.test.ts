// SPEC 10: one call's failure costs that call only; memory is bounded per worker, heap and off-heap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { buildFixture, cleanup, loadKernel } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;
type Turn = Awaited<ReturnType<K["call"]>>;
const data = (r: Turn) => (r.results[0] as { data: Record<string, unknown> }).data;
const codeOf = (r: Turn) => (r.calls[0] as { code?: string } | undefined)?.code;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

let dir: string;
let k: K;
beforeAll(async () => {
  dir = await buildFixture("faults.ts");
  k = await createKernel({
    extensionDir: dir,
    users: [{ id: "alice" }, { id: "bob" }, { id: "carol", tenantId: "other" }],
    limits: { callTimeoutMs: 1_000, cancelGraceMs: 300, promotionMs: 60_000, pingMs: 150 },
  });
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

/** bob's calls made while `during` runs: each must complete. */
async function bobMeanwhile(during: Promise<unknown>, napMs = 120): Promise<Turn[]> {
  const out: Turn[] = [];
  let done = false;
  void during.finally(() => (done = true));
  while (!done) out.push(await k.call("bob", "nap", { ms: napMs }));
  return out;
}

describe("isolation: a user's stuck handler never fails another user's call", () => {
  it("users' concurrent calls run on different workers; one user's calls share one", async () => {
    const [a1, b1] = await Promise.all([k.call("alice", "nap", { ms: 150 }), k.call("bob", "nap", { ms: 150 })]);
    expect(data(a1).thread).not.toBe(data(b1).thread);
    const [x, y] = await Promise.all([k.call("alice", "nap", { ms: 150 }), k.call("alice", "nap", { ms: 150 })]);
    expect(data(x).thread).toBe(data(y).thread);
  });

  it("a handler that ignores its timeout: its caller hears TIMEOUT at the timeout, bob's calls all complete", async () => {
    const t0 = Date.now();
    let answeredAfter = 0;
    const hung = k.call("alice", "hang", {}).then((r) => ((answeredAfter = Date.now() - t0), r));
    await sleep(450);
    const bobLong = k.call("bob", "nap", { ms: 900 }); // in flight when alice's worker is ended (~1,300 ms)
    const meanwhile = await bobMeanwhile(hung.then(() => sleep(600)));
    const r = await hung;
    expect(codeOf(r)).toBe("TIMEOUT");
    expect(answeredAfter).toBeLessThan(1_000 + 250); // at the timeout, not timeout + grace
    expect(meanwhile.length).toBeGreaterThan(3);
    expect(meanwhile.every((t) => t.outcome === "completed")).toBe(true);
    expect((await bobLong).outcome).toBe("completed");
    expect((await k.call("alice", "nap", { ms: 10 })).outcome).toBe("completed"); // alice is served again
  });

  it("a synchronous loop: only its worker is ended, bob's in-flight call completes", async () => {
    const spun = k.call("alice", "spin", {});
    await sleep(450);
    const bobLong = k.call("bob", "nap", { ms: 900 });
    const meanwhile = await bobMeanwhile(spun.then(() => sleep(700)));
    expect(codeOf(await spun)).toBe("TIMEOUT");
    expect(meanwhile.filter((t) => t.outcome !== "completed")).toEqual([]);
    expect((await bobLong).outcome).toBe("completed");
    expect((await k.call("alice", "nap", { ms: 10 })).outcome).toBe("completed");
    expect(k.health().ok).toBe(true);
  });
});

describe("memory: heap and off-heap are bounded per worker (default 512 MiB)", () => {
  // Its own kernel: allocating hundreds of MiB on a loaded machine must not race a 1 s timeout.
  let k: K;
  beforeAll(async () => {
    k = await createKernel({
      extensionDir: dir,
      stateDir: join(dir, ".state-memory"),
      users: [{ id: "alice" }, { id: "bob" }],
      limits: { callTimeoutMs: 30_000, promotionMs: 60_000 },
    });
  });
  afterAll(async () => {
    await k.close();
  });

  it("an 800 MiB Buffer fails with MEMORY_LIMIT, bob's call completes, the kernel's RSS stays at its baseline", async () => {
    await k.call("alice", "nap", { ms: 1 });
    const base = process.memoryUsage.rss();
    const bobLong = k.call("bob", "nap", { ms: 400 });
    const r = await k.call("alice", "offheap", { mb: 800 });
    expect(codeOf(r)).toBe("MEMORY_LIMIT");
    expect(JSON.stringify(r.results)).not.toMatch(/RangeError|at .*\.mjs/); // users see the plain sentence only
    expect((await bobLong).outcome).toBe("completed");
    expect(process.memoryUsage.rss() - base).toBeLessThan(150 * MiB);
    expect(data(await k.call("alice", "offheap", { mb: 64 })).bytes).toBe(64 * MiB); // within the limit: fine
  });

  it("off-heap memory kept across awaits in chunks is stopped at the limit", async () => {
    const r = await k.call("alice", "offheap_chunks", { mb: 900, chunk_mb: 48 });
    expect(codeOf(r)).toBe("MEMORY_LIMIT");
    await k.call("alice", "release", {});
  });

  it("a handler that swallows the RangeError still fails with MEMORY_LIMIT", async () => {
    const r = await k.call("alice", "offheap_swallowed", { mb: 700 });
    expect(codeOf(r)).toBe("MEMORY_LIMIT");
  });

  it("a heap out-of-memory fails that call with MEMORY_LIMIT; bob's in-flight call completes", async () => {
    const k2 = await createKernel({
      extensionDir: dir,
      users: [{ id: "alice" }, { id: "bob" }],
      limits: { memoryLimitMb: 128, callTimeoutMs: 30_000, promotionMs: 60_000 },
    });
    try {
      const bobLong = k2.call("bob", "nap", { ms: 1_200 });
      await sleep(50);
      const r = await k2.call("alice", "heap", {});
      expect(codeOf(r)).toBe("MEMORY_LIMIT");
      expect((await bobLong).outcome).toBe("completed");
      expect((await k2.call("alice", "nap", { ms: 5 })).outcome).toBe("completed");
    } finally {
      await k2.close();
    }
  });

  it("a bundle that allocates past the limit at import is refused; the previous build keeps serving", async () => {
    const d2 = await buildFixture("faults.ts");
    const k2 = await createKernel({ extensionDir: d2, users: [{ id: "alice" }] });
    try {
      await buildFixture("faults.ts", d2, { banner: "globalThis.__big = Buffer.alloc(2 * 1024 * 1024 * 1024);" });
      const r = await k2.reload();
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).toMatch(/memory limit/);
      expect((await k2.call("alice", "nap", { ms: 1 })).outcome).toBe("completed");
    } finally {
      await k2.close();
      cleanup(d2);
    }
  });
});

describe("the worker pool", () => {
  it("a user waits for a free worker, and past workerBurstAfterMs gets an extra one", async () => {
    const k3 = await createKernel({
      extensionDir: dir,
      users: [{ id: "alice" }, { id: "bob" }, { id: "carol" }],
      limits: { maxWorkers: 1, workerBurstAfterMs: 250, callTimeoutMs: 10_000, promotionMs: 60_000 },
    });
    try {
      const slow = k3.call("alice", "nap", { ms: 4_000 });
      await sleep(50);
      const t0 = Date.now();
      const b = await k3.call("bob", "nap", { ms: 1 });
      const waited = Date.now() - t0;
      expect(b.outcome).toBe("completed");
      expect(waited).toBeGreaterThanOrEqual(200); // waited for the one worker first
      expect(waited).toBeLessThan(3_000); // then got its own instead of waiting for alice's 4 s nap
      expect(data(b).thread).not.toBe(data(await slow).thread);
      // once idle, the one worker serves anyone at once
      const t1 = Date.now();
      expect((await k3.call("carol", "nap", { ms: 1 })).outcome).toBe("completed");
      expect(Date.now() - t1).toBeLessThan(200);
    } finally {
      await k3.close();
    }
  });
});
