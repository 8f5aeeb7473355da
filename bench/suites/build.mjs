// `imperal build` of each template (median, p95), measured in the same run:
//   - "cli"              : `node packages/cli/bin/imperal.mjs build <dir>` as a user runs it (process start,
//                          validators, esbuild bundle, worker load, manifest + ajv);
//   - "cli, no validate" : the same with --no-validate (and --no-typecheck once `imperal build` has it): what a
//                          build costs beyond the bundle, the figure SPEC 9's "within 3x of esbuild" is about;
//   - "library"          : buildExtension(dir) in a warm process (what `imperal dev` pays per rebuild, plus validation);
//   - baselines          : a bare esbuild bundle of the same entry with the same options, in this warm process
//                          (the floor any build pays) and in a fresh process (node start + esbuild, like the cli rows).
// "cold" rows are the first run on a freshly scaffolded extension (no dist/ yet); the others are medians of warm runs.
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
const esbuildOnce = path.join(repo, "bench", "lib", "esbuild-once.mjs");
const MIN_RUNS = 3;
/** Per template: stop after RUNS runs, or after MIN_RUNS once this much time went by (a loaded machine). */
const BUDGET_MS = 40_000;

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median_ms: q(0.5), p95_ms: q(0.95) };
};

export async function run() {
  const { buildExtension, bundleExtension, esbuildOptions, findEntry } = await import(
    pathToFileURL(path.join(cliRoot, "dist", "build", "index.js")).href
  );
  const help = spawnSync(process.execPath, [bin, "build", "--help"], { encoding: "utf8" }).stdout;
  const hasTypecheck = help.includes("--no-typecheck");
  const fast = ["--no-validate", ...(hasTypecheck ? ["--no-typecheck"] : [])];
  const timed = (args, what) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
    return ms;
  };
  const { initExtension } = await import(pathToFileURL(path.join(cliRoot, "dist", "init", "scaffold.js")).href);
  const base = path.join(cliRoot, ".imperal");
  mkdirSync(base, { recursive: true });
  const scratch = mkdtempSync(path.join(base, "bench-build-"));
  const rows = [];
  try {
    for (const template of TEMPLATES) {
      const dir = initExtension({ dir: path.join(scratch, `bench-${template}`), template }).dir;
      const options = JSON.stringify(esbuildOptions(dir, findEntry(dir)));
      const bareOut = path.join(dir, "dist-bare", "extension.mjs");
      const bare = () => timed([esbuildOnce, options, bareOut], "bare esbuild");
      // cold: the first build of a freshly scaffolded extension, and the first bare bundle of it
      const coldFast = timed([bin, "build", dir, ...fast], `imperal build ${template} ${fast}`);
      const coldBare = bare();
      const cliTimes = [];
      const fastTimes = [];
      const bareTimes = [];
      const libTimes = [];
      const baseTimes = [];
      // warm-up (fills the OS file cache, compiles the validators' TypeScript once)
      await buildExtension(dir);
      const templateStarted = Date.now();
      for (let i = 0; i < RUNS && (i < MIN_RUNS || Date.now() - templateStarted < BUDGET_MS); i++) {
        cliTimes.push(timed([bin, "build", dir], `imperal build ${template}`));
        fastTimes.push(timed([bin, "build", dir, ...fast], `imperal build ${template} ${fast}`));
        bareTimes.push(bare());
        let t = performance.now();
        const lib = await buildExtension(dir);
        libTimes.push(performance.now() - t);
        if (!lib.ok) throw new Error(`buildExtension ${template} failed: ${JSON.stringify(lib.errors)}`);
        t = performance.now();
        await bundleExtension(dir);
        baseTimes.push(performance.now() - t);
      }
      const b = stats(baseTimes);
      const bf = stats(bareTimes);
      const f = stats(fastTimes);
      const flags = fast.join(" ");
      rows.push(
        {
          case: `build ${template} (cli ${flags}, cold)`,
          median_ms: coldFast,
          baseline: "esbuild alone, fresh process, cold",
          baseline_median_ms: coldBare,
          ratio: coldFast / coldBare,
          runs: 1,
        },
        {
          case: `build ${template} (cli ${flags})`,
          ...f,
          baseline: "esbuild alone, fresh process",
          baseline_median_ms: bf.median_ms,
          ratio: f.median_ms / bf.median_ms,
          target: "<= 3x",
          pass: f.median_ms <= 3 * bf.median_ms,
          runs: fastTimes.length,
        },
        {
          case: `build ${template} (cli ${flags})`,
          ...f,
          baseline: "esbuild bundle only",
          baseline_median_ms: b.median_ms,
          ratio: f.median_ms / b.median_ms,
          runs: fastTimes.length,
        },
      );
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
      "esbuild bundle only = bundleExtension() in this warm process; esbuild alone, fresh process = node + esbuild.build() with the same options",
      hasTypecheck
        ? "imperal build type-checks by default; the fast rows pass --no-typecheck"
        : "this imperal build has no typecheck step yet (no --no-typecheck flag): the fast rows pass --no-validate only",
      `node ${process.version}${typeof (await import("node:module")).default.enableCompileCache === "function" ? " (module compile cache on)" : " (no module compile cache before node 22.1)"}`,
    ],
  };
}
