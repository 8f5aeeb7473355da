// Schedule fan-out (SPEC 7.3, issue 11 "Done when"): one schedule run over 1,000 users — `ctx.store.listUsers` +
// `ctx.asUser(id)` + one write each — through the kernel's real path (system ctx in the worker, one RPC per write,
// SQLite WAL, one audit row per run). Reports user-writes/s and the p50/p95 of the run's duration. Baseline in the
// same run: the same 1,000 writes as 1,000 separate `kernel.call`s (what authors did before schedules ran).
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { buildExtension, kernelDir, pct } from "../lib/extension.mjs";

const USERS = Number(process.env.IMPERAL_BENCH_FANOUT_USERS ?? 1000);
const RUNS = Number(process.env.IMPERAL_BENCH_FANOUT_RUNS ?? 10);
const TARGET_WRITES_PER_S = 2000;
const TIME_CAP_MS = 120_000;

const r1 = (x) => Math.round(x * 10) / 10;

const SOURCE = `import { Extension, ChatExtension, ActionResult, z } from "@imperal/sdk";
export const ext = new Extension("fan", { version: "1.0.0", displayName: "Fan-out", description: "Schedule fan-out benchmark.", capabilities: ["fan:read", "fan:write"] });
const chat = new ChatExtension(ext, { toolName: "fan" });
chat.function("digest_one", { description: "Write one digest for the calling user.", actionType: "write", params: z.object({}) },
  async (ctx) => { await ctx.store.create("digests", { via: "call" }); return ActionResult.success({}, "ok"); });
ext.schedule("seed", { cron: "0 0 1 1 *", description: "One item per user." }, async (ctx) => {
  for (let i = 0; i < ${USERS}; i++) await ctx.asUser("u" + i).store.create("items", { i });
});
ext.schedule("fanout", { cron: "0 0 1 1 *", description: "One digest per user with items." }, async (ctx) => {
  let n = 0;
  for await (const userId of ctx.store.listUsers("items")) {
    await ctx.asUser(userId).store.create("digests", { n: ++n });
  }
  return { n };
});
`;

function countDigests(stateDir) {
  const Database = createRequire(path.join(kernelDir, "package.json"))("better-sqlite3");
  const db = new Database(path.join(stateDir, "kernel.db"), { readonly: true });
  try {
    return db.prepare("SELECT count(*) AS n FROM documents WHERE app_id = 'fan' AND collection = 'digests'").get().n;
  } finally {
    db.close();
  }
}

export async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "imperal-bench-fanout-"));
  const rows = [];
  const notes = [];
  try {
    await buildExtension({ dir, source: SOURCE, name: "fanout-ext" });
    const { createKernel } = await import(pathToFileURL(path.join(kernelDir, "dist", "index.js")).href);
    const users = Array.from({ length: USERS }, (_, i) => ({ id: `u${i}` }));
    const stateDir = path.join(dir, "state");
    // The timer loop is off: every run here is on demand, through the same path and audit as a cron fire.
    const k = await createKernel({
      extensionDir: dir,
      stateDir,
      users,
      writeDiscovery: false,
      schedules: { enabled: false },
    });
    try {
      const seed = await k.runSchedule("seed");
      if (seed.status !== "executed") throw new Error(`seed ${seed.status}: ${seed.error}`);
      await k.runSchedule("fanout"); // warm-up (worker, prepared statements)

      const durations = [];
      const t0 = performance.now();
      for (let i = 0; i < RUNS && performance.now() - t0 < TIME_CAP_MS; i++) {
        const s = performance.now();
        const r = await k.runSchedule("fanout");
        durations.push(performance.now() - s);
        if (r.status !== "executed") throw new Error(`fanout ${r.status}: ${r.error}`);
      }
      const total = performance.now() - t0;
      const written = countDigests(stateDir);
      const expected = USERS * (durations.length + 1);
      if (written !== expected) throw new Error(`expected ${expected} digests, found ${written}`);
      const writesPerS = (USERS * durations.length * 1000) / total;

      // Baseline: the same writes as one kernel.call per user (guards, authz, audit row and fsync each).
      const b0 = performance.now();
      let calls = 0;
      for (const u of users) {
        if (performance.now() - b0 > TIME_CAP_MS) break;
        const r = await k.call(u.id, "digest_one", {});
        if (r.outcome !== "completed") throw new Error(`digest_one failed: ${r.code}`);
        calls++;
      }
      const baselinePerS = (calls * 1000) / (performance.now() - b0);

      rows.push({
        case: `schedule fan-out over ${USERS} users (listUsers + asUser + 1 write each)`,
        median_ms: r1(pct(durations, 50)),
        p95_ms: r1(pct(durations, 95)),
        runs: durations.length,
        user_writes_per_s: Math.round(writesPerS),
        runs_per_s: r1((durations.length * 1000) / total),
        baseline: `${USERS} separate kernel.call writes`,
        baseline_user_writes_per_s: Math.round(baselinePerS),
        ratio: r1(writesPerS / baselinePerS),
        target: `>= ${TARGET_WRITES_PER_S} user-writes/s`,
        pass: writesPerS >= TARGET_WRITES_PER_S,
      });
    } finally {
      await k.close();
    }
    notes.push(
      "each write is one RPC from the worker to the kernel's SQLite store of that user (ctx.asUser), inside one schedule run with one audit row; durability GROUP (one shared fsync before the run reports)",
    );
    notes.push(`machine: ${os.cpus().length} cpus, ${os.cpus()[0]?.model ?? "?"}, load ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}
