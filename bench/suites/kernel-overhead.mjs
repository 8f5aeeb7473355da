// Kernel overhead per call for a no-op handler: in process (kernel.call) and over HTTP (POST /v1/call/noop,
// keep-alive), p50/p95/p99 and calls/s. Baselines measured in the same run: the bare SDK dispatch (executeTool on the
// same handler, no kernel) for in-process, and a bare node:http JSON echo server on loopback for HTTP.
// Every call goes the full path: placeholder + fabricated-id guards, schema validation in the worker, authz,
// confirmation policy, execution in the worker_thread, and an audit row committed (WAL) before the reply.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { buildExtension, kernelDir, pct, repo } from "../lib/extension.mjs";

const N_INPROC = Number(process.env.IMPERAL_BENCH_KERNEL_CALLS ?? 3000);
const N_HTTP = Number(process.env.IMPERAL_BENCH_KERNEL_HTTP_CALLS ?? 2000);
const HTTP_CONCURRENCY = 4;
const TARGET_P50_MS = 1.5;
const TARGET_HTTP_CPS = 500;
const TIME_CAP_MS = 60_000;

const r3 = (x) => Math.round(x * 1000) / 1000;

const SOURCE = `import { Extension, ChatExtension, ActionResult, z } from "@imperal/sdk";
export const ext = new Extension("bench", { version: "1.0.0", displayName: "Bench", description: "No-op extension for the kernel overhead benchmark.", capabilities: ["bench:read"] });
export const chat = new ChatExtension(ext, { toolName: "bench" });
const Empty = z.object({});
chat.function("noop", { description: "Does nothing at all.", actionType: "read", params: Empty, dataModel: Empty }, async () => ActionResult.success({}, "ok"));
`;

async function timeLoop(n, fn) {
  const lat = [];
  const t0 = performance.now();
  for (let i = 0; i < n && performance.now() - t0 < TIME_CAP_MS; i++) {
    const s = performance.now();
    await fn();
    lat.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  return { lat, cps: (lat.length / total) * 1000 };
}

function httpCall(agent, port, token, pathName, body) {
  return new Promise((resolve, reject) => {
    const rq = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathName,
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "x-acting-user": "dev",
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks)}`)),
        );
      },
    );
    rq.on("error", reject);
    rq.end(body);
  });
}

async function concurrent(n, conc, fn) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < n && performance.now() - t0 < TIME_CAP_MS) {
        next++;
        await fn();
      }
    }),
  );
  return (next / (performance.now() - t0)) * 1000;
}

export async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "imperal-bench-kernel-"));
  const rows = [];
  const notes = [];
  try {
    const { sdk, mod } = await buildExtension({ dir, source: SOURCE, name: "bench-ext" });
    const { createKernel } = await import(pathToFileURL(path.join(kernelDir, "dist", "index.js")).href);
    const { createTestContext } = await import(
      pathToFileURL(path.join(repo, "packages", "sdk", "dist", "testing", "index.js")).href
    );

    // Baseline: the SDK's own dispatch of the same handler, no kernel (no worker, no SQLite, no guards in the kernel).
    const ctx = createTestContext({});
    for (let i = 0; i < 200; i++) await sdk.executeTool(mod.ext, "noop", {}, ctx);
    const base = await timeLoop(N_INPROC, () => sdk.executeTool(mod.ext, "noop", {}, ctx));

    for (const sync of ["GROUP", "FULL", "NORMAL"]) {
      const stateDir = path.join(dir, `state-${sync}`);
      const k = await createKernel({ extensionDir: dir, stateDir, port: 0, writeDiscovery: false, sync });
      try {
        for (let i = 0; i < 200; i++) await k.call("dev", "noop", {});
        const inproc = await timeLoop(N_INPROC, async () => {
          const r = await k.call("dev", "noop", {});
          if (r.outcome !== "completed") throw new Error(`noop failed: ${r.code}`);
        });
        const p50 = pct(inproc.lat, 50);
        rows.push({
          case: `in-process kernel.call noop (durability ${sync})`,
          median_ms: r3(p50),
          p95_ms: r3(pct(inproc.lat, 95)),
          p99_ms: r3(pct(inproc.lat, 99)),
          calls_per_s: Math.round(inproc.cps),
          n: inproc.lat.length,
          baseline: "SDK executeTool, no kernel",
          baseline_median_ms: r3(pct(base.lat, 50)),
          ratio: r3(p50 / pct(base.lat, 50)),
          overhead_p50_ms: r3(p50 - pct(base.lat, 50)),
          target: `p50 < ${TARGET_P50_MS} ms`,
          ...(sync === "GROUP" ? { pass: p50 < TARGET_P50_MS } : {}),
        });

        const agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_CONCURRENCY });
        const port = new URL(k.url).port;
        const body = JSON.stringify({ args: {} });
        for (let i = 0; i < 200; i++) await httpCall(agent, port, k.token, "/v1/call/noop", body);
        const seq = await timeLoop(N_HTTP, () => httpCall(agent, port, k.token, "/v1/call/noop", body));
        const cps = await concurrent(N_HTTP, HTTP_CONCURRENCY, () =>
          httpCall(agent, port, k.token, "/v1/call/noop", body),
        );

        // Baseline: bare node:http JSON echo on loopback with the same client.
        const echo = http.createServer((req, res) => {
          const c = [];
          req.on("data", (d) => c.push(d));
          req.on("end", () => {
            const t = JSON.stringify({ ok: true, n: Buffer.concat(c).length });
            res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(t) });
            res.end(t);
          });
        });
        await new Promise((r) => echo.listen(0, "127.0.0.1", r));
        const ePort = echo.address().port;
        for (let i = 0; i < 200; i++) await httpCall(agent, ePort, k.token, "/", body);
        const eSeq = await timeLoop(N_HTTP, () => httpCall(agent, ePort, k.token, "/", body));
        const eCps = await concurrent(N_HTTP, HTTP_CONCURRENCY, () => httpCall(agent, ePort, k.token, "/", body));
        await new Promise((r) => echo.close(r));
        agent.destroy();
        rows.push({
          case: `HTTP POST /v1/call/noop (durability ${sync}, keep-alive)`,
          median_ms: r3(pct(seq.lat, 50)),
          p95_ms: r3(pct(seq.lat, 95)),
          p99_ms: r3(pct(seq.lat, 99)),
          calls_per_s_sequential: Math.round(seq.cps),
          calls_per_s: Math.round(cps),
          concurrency: HTTP_CONCURRENCY,
          n: seq.lat.length,
          baseline: "bare node:http JSON echo",
          baseline_median_ms: r3(pct(eSeq.lat, 50)),
          baseline_calls_per_s: Math.round(eCps),
          ratio: r3(pct(seq.lat, 50) / pct(eSeq.lat, 50)),
          target: `> ${TARGET_HTTP_CPS} calls/s`,
          ...(sync === "GROUP" ? { pass: cps > TARGET_HTTP_CPS } : {}),
        });
      } finally {
        await k.close();
      }
    }
    notes.push(
      "every kernel call runs guards, schema validation (worker round trip), authz, confirmation policy, the handler in a worker_thread, and commits an audit row before replying",
    );
    notes.push(
      "durability GROUP is the default: WAL + synchronous=NORMAL, and each reply awaits a shared fsync of the WAL (group commit), so acknowledged rows survive power loss; FULL = SQLite fsync per commit; NORMAL = no fsync (survives process crashes only)",
    );
    notes.push(`machine: ${os.cpus().length} cpus, ${os.cpus()[0]?.model ?? "?"}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}
