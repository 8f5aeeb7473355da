// `imperal build` of each template (median, p95), three ways, measured in the same run:
//   - "cli"     : `node packages/cli/bin/imperal.mjs build <dir>` as a user runs it (process start, validators,
//                 esbuild bundle, worker load, manifest + ajv);
//   - "library" : buildExtension(dir) in a warm process (what `imperal dev` pays per rebuild, plus validation);
//   - baseline  : a bare esbuild bundle of the same entry with the same options (the floor any build pays).
// Extensions are scaffolded with `imperal init` into packages/cli/.imperal/ (git-ignored) so their deps resolve
// from the workspace; nothing touches the network.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cliRoot = path.join(repo, "packages", "cli");
const bin = path.join(cliRoot, "bin", "imperal.mjs");
const TEMPLATES = ["minimal", "notes", "tasks", "connector"];
const RUNS = 7;
const BUDGET_MS = 120_000;

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median_ms: q(0.5), p95_ms: q(0.95) };
};

export async function run() {
  const { buildExtension, bundleExtension } = await import(
    pathToFileURL(path.join(cliRoot, "dist", "build", "index.js")).href
  );
  const { initExtension } = await import(pathToFileURL(path.join(cliRoot, "dist", "init", "scaffold.js")).href);
  const base = path.join(cliRoot, ".imperal");
  mkdirSync(base, { recursive: true });
  const scratch = mkdtempSync(path.join(base, "bench-build-"));
  const started = Date.now();
  const rows = [];
  try {
    for (const template of TEMPLATES) {
      const dir = initExtension({ dir: path.join(scratch, `bench-${template}`), template }).dir;
      const cliTimes = [];
      const libTimes = [];
      const baseTimes = [];
      // warm-up (fills the OS file cache, compiles the validators' TypeScript once)
      await buildExtension(dir);
      for (let i = 0; i < RUNS && Date.now() - started < BUDGET_MS; i++) {
        let t = performance.now();
        const r = spawnSync(process.execPath, [bin, "build", dir], {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
        });
        cliTimes.push(performance.now() - t);
        if (r.status !== 0) throw new Error(`imperal build ${template} failed: ${r.stderr}`);
        t = performance.now();
        const lib = await buildExtension(dir);
        libTimes.push(performance.now() - t);
        if (!lib.ok) throw new Error(`buildExtension ${template} failed: ${JSON.stringify(lib.errors)}`);
        t = performance.now();
        await bundleExtension(dir);
        baseTimes.push(performance.now() - t);
      }
      const b = stats(baseTimes);
      for (const [mode, times] of [
        ["cli", cliTimes],
        ["library", libTimes],
      ]) {
        const s = stats(times);
        rows.push({
          case: `build ${template} (${mode})`,
          ...s,
          baseline: "esbuild bundle only",
          baseline_median_ms: b.median_ms,
          ratio: s.median_ms / b.median_ms,
          runs: times.length,
        });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return {
    rows,
    notes: [
      `${RUNS} runs per case after one warm-up; cli = a fresh node process per build (includes ~startup, validators, worker load)`,
      "library = buildExtension() in a warm process: validators + esbuild + worker + manifest + ajv",
    ],
  };
}
