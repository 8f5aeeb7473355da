// Fault handlers (SPEC 10: one call's failure costs that call only). Each fault runs as one user while another
// user keeps calling; per fault: crashes = the kernel threw or the fault was answered without its stable code,
// hangs = the fault was not answered within its bound, leaks = a stack or path reached the user or the kernel's RSS
// did not return near its baseline, losses = a call of the other user failed (collateral).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildExtension } from "../lib/build-extension.mjs";

const SOURCE = `import { Extension, ChatExtension, ActionResult, z } from "@imperal/sdk";
export const ext = new Extension("faults", { version: "1.0.0", displayName: "Faults", description: "Handlers that misbehave, for the hostile suite.", capabilities: ["faults:read"] });
export const chat = new ChatExtension(ext, { toolName: "faults", description: "Faults." });
const E = z.object({}); const Out = z.object({}).passthrough(); const r = { actionType: "read", dataModel: Out, params: E };
const kept = [];
const fn = (name, h) => chat.function(name, { description: "Fault " + name + ".", ...r }, h);
fn("nap", async (ctx) => { await new Promise((ok) => setTimeout(ok, 40)); return ActionResult.success({ ok: true }, "ok"); });
fn("hang", async () => { await new Promise(() => {}); });
fn("spin", async () => { for (;;) {} });
fn("heap", async () => { const g = []; for (;;) g.push(new Array(1_000_000).fill(Math.random())); });
fn("offheap", async () => { const b = Buffer.alloc(200 * 1024 * 1024, 1); return ActionResult.success({ n: b.length }, "x"); });
fn("offheap_chunks", async () => { for (;;) { const a = new Float64Array(4 * 1024 * 1024); a.fill(1); kept.push(a); await new Promise((ok) => setImmediate(ok)); } });
fn("exit", async () => { process.exit(3); });
fn("throw", async () => { throw new TypeError("boom at /home/dev/secret/path.ts:12"); });
fn("non_serializable", async () => ActionResult.success({ f: () => 1, s: Symbol("x") }, "odd"));
fn("bigint_result", async () => ActionResult.success({ n: 10n }, "odd"));
fn("circular_result", async () => { const o = { a: 1 }; o.self = o; return ActionResult.success(o, "odd"); });
fn("huge_result", async () => ActionResult.success({ blob: "x".repeat(8 * 1024 * 1024) }, "big"));
fn("stray_reject", async () => { Promise.reject(new Error("stray")); return ActionResult.success({}, "ok"); });
`;

/** fault -> the codes it may answer with (its stable code, never a generic crash). */
const FAULTS = {
  hang: ["TIMEOUT"],
  spin: ["TIMEOUT"],
  heap: ["MEMORY_LIMIT"],
  offheap: ["MEMORY_LIMIT"],
  offheap_chunks: ["MEMORY_LIMIT"],
  exit: ["WORKER_EXITED"],
  throw: ["HANDLER_ERROR"],
  // JSON semantics: functions and symbols are dropped (completed); values JSON cannot hold fail with a code.
  non_serializable: [null],
  bigint_result: ["RESULT_NOT_JSON"],
  circular_result: ["RESULT_NOT_JSON"],
  huge_result: ["RESULT_TOO_LARGE"],
  stray_reject: [null],
};
const ROUNDS = 3;
const MiB = 1024 * 1024;

export default {
  name: "faults",
  async run(env) {
    const kernelDir = path.join(env.root, "packages", "local-kernel");
    const dir = await buildExtension(env.root, await env.tmpDir("imperal-hostile-faults-"), { source: SOURCE });
    const { createKernel } = await import(pathToFileURL(path.join(kernelDir, "dist/index.js")).href);
    const k = await createKernel({
      extensionDir: dir,
      stateDir: path.join(dir, ".state"),
      users: [{ id: "mallory" }, { id: "bystander" }],
      limits: { callTimeoutMs: 1_500, cancelGraceMs: 250, pingMs: 150, memoryLimitMb: 96, promotionMs: 60_000 },
    });
    const rows = [];
    try {
      await k.call("mallory", "nap", {});
      const base = process.memoryUsage.rss();
      for (const [fault, codes] of Object.entries(FAULTS)) {
        const row = { class: `fault:${fault}`, cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0 };
        for (let i = 0; i < ROUNDS; i++) {
          row.cases++;
          let done = false;
          const bystander = (async () => {
            let failed = 0;
            while (!done) {
              const t = await k.call("bystander", "nap", {});
              if (t.outcome !== "completed") failed++;
            }
            return failed;
          })();
          const t0 = Date.now();
          let turn;
          try {
            turn = await Promise.race([
              k.call("mallory", fault, {}),
              new Promise((ok) => setTimeout(() => ok("hang"), 20_000)),
            ]);
          } catch (e) {
            row.crashes++;
            row.note = String(e?.message ?? e).slice(0, 160);
          }
          await new Promise((ok) => setTimeout(ok, 400)); // the bystander keeps calling while the worker is ended
          done = true;
          row.losses += await bystander;
          if (turn === "hang") row.hangs++;
          else if (turn) {
            const code = turn.code ?? turn.calls?.[0]?.code ?? null;
            if (!codes.includes(code)) {
              row.crashes++;
              row.note = `answered ${code ?? turn.outcome} (${Date.now() - t0} ms)`;
            }
            if (/\.mjs|\.ts:\d|at [A-Za-z]+ \(|\/home\//.test(JSON.stringify(turn.results ?? []))) {
              row.leaks++;
              row.note = "a stack or path reached the user";
            }
          }
          // mallory is served again after the fault
          const again = await k.call("mallory", "nap", {});
          if (again.outcome !== "completed") {
            row.crashes++;
            row.note = `not served after ${fault}`;
          }
        }
        rows.push(row);
      }
      // The kernel's own RSS returns near its baseline once the faulty workers are gone.
      await new Promise((ok) => setTimeout(ok, 500));
      const grew = process.memoryUsage.rss() - base;
      rows.push({
        class: "fault:rss-after",
        cases: 1,
        crashes: 0,
        hangs: 0,
        leaks: grew > 200 * MiB ? 1 : 0,
        losses: 0,
        ...(grew > 200 * MiB ? { note: `RSS grew ${Math.round(grew / MiB)} MiB` } : {}),
      });
      env.log(`kernel RSS after all faults: ${Math.round(grew / MiB)} MiB over the baseline`);
    } finally {
      await k.close();
    }
    return rows;
  },
};
