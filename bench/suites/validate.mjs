// `pnpm bench validate`: cold `imperal validate` (a fresh process per run) on each template and on generated
// 50/100/200-file extensions, against ESLint 9 + typescript-eslint 8 "recommended" on the same files, measured in
// the same run. Targets: a small extension validates in at most half the ESLint time; 200 files in under 3 s;
// cost grows linearly with the number of files.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const cli = path.join(root, "packages", "cli", "bin", "imperal.mjs");
const require = createRequire(path.join(root, "package.json"));
const BASELINE = "eslint 9 + typescript-eslint 8 recommended (cold)";
const RUNS_SMALL = Number(process.env.BENCH_VALIDATE_RUNS ?? 7);
const RUNS_LARGE = Number(process.env.BENCH_VALIDATE_RUNS_LARGE ?? 5);
const MAX_BENCH_MS = 8 * 60 * 1000;

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
  return s[Math.max(0, i)];
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timeSpawn(args, cwd, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 120_000,
  });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Time several commands in the same directory, interleaved run by run so that machine noise (other processes
 * on these shared 2-core machines) hits every command alike. One uncounted warm-up run each (disk cache).
 */
function measureInterleaved(cmds, cwd, runs, deadline) {
  for (const c of cmds) timeSpawn(c.args, cwd, c.env);
  const times = cmds.map(() => []);
  const last = cmds.map(() => undefined);
  for (let i = 0; i < runs && performance.now() < deadline; i++) {
    cmds.forEach((c, k) => {
      last[k] = timeSpawn(c.args, cwd, c.env);
      times[k].push(last[k].ms);
    });
  }
  return cmds.map((_, k) => ({
    median: median(times[k]),
    p95: quantile(times[k], 0.95),
    runs: times[k].length,
    last: last[k],
  }));
}

function eslintSetup(dir) {
  const tse = pathToFileURL(require.resolve("typescript-eslint")).href;
  fs.writeFileSync(
    path.join(dir, "eslint.config.mjs"),
    `import tseslint from ${JSON.stringify(tse)};\nexport default tseslint.config({ ignores: ["node_modules/**", "dist/**", "test/**", "eslint.config.mjs", "vitest.config.ts"] }, ...tseslint.configs.recommended);\n`,
  );
  const pkg = require.resolve("eslint/package.json");
  return path.join(path.dirname(pkg), "bin", "eslint.js");
}

export function genExtension(dir, files) {
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "icon.svg"),
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="4" fill="#4f46e5"/></svg>\n`,
  );
  fs.writeFileSync(
    path.join(dir, "src", "app.ts"),
    `import { Extension, ChatExtension } from "@imperal/sdk";

export const ext = new Extension("bench-ext", {
  version: "1.0.0",
  displayName: "Bench Extension",
  description: "A generated extension used to benchmark imperal validate against ESLint.",
  icon: "icon.svg",
  capabilities: ["bench:read", "bench:write"],
});

export const chat = new ChatExtension(ext, { toolName: "bench", description: "Generated chat tools." });
`,
  );
  const imports = [];
  for (let i = 1; i < files; i++) {
    const n = String(i).padStart(3, "0");
    imports.push(`import "./fn${n}.js";`);
    fs.writeFileSync(
      path.join(dir, "src", `fn${n}.ts`),
      `import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";

const Item${n} = z.object({ item_id: z.string(), title: z.string(), score: z.number().int() });
const Params${n} = z.object({
  query: z.string().min(1).describe("What to look for"),
  limit: z.number().int().min(1).max(50).default(10),
  tags: z.array(z.string()).default([]),
});
const Out${n} = z.object({ items: z.array(Item${n}), total: z.number() });

function score${n}(title: string, query: string): number {
  let s = 0;
  for (const word of query.toLowerCase().split(/\\s+/)) if (title.toLowerCase().includes(word)) s += word.length;
  return s;
}

chat.function(
  "search_${n}",
  { description: "Search generated items number ${n} by words in their title.", actionType: "read", params: Params${n}, dataModel: Out${n} },
  async (ctx, p) => {
    const cacheKey = \`bench:${n}:\${p.limit}\`;
    const page = await ctx.store.query("items_${n}", { limit: p.limit });
    const items = page.data
      .map((d: { id: string; data: { title: string } }) => ({ item_id: d.id, title: d.data.title, score: score${n}(d.data.title, p.query) }))
      .filter((x: { score: number }) => x.score > 0);
    await ctx.cache.set(cacheKey, { total: items.length }, { ttlSeconds: 60 });
    if (items.length === 0) return ActionResult.error("Nothing matched", { code: "NO_MATCH" });
    ctx.log(\`search_${n}: \${items.length} items\`);
    return ActionResult.success({ items, total: items.length }, \`Found \${items.length} items\`);
  },
);
`,
    );
  }
  fs.writeFileSync(path.join(dir, "src", "index.ts"), `export { ext, chat } from "./app.js";\n${imports.join("\n")}\n`);
}

function prepareTemplate(name, dir) {
  const r = spawnSync(process.execPath, [cli, "init", dir, "--template", name, "--yes"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status === 0 && fs.existsSync(path.join(dir, "src"))) return true;
  return false;
}

export async function run() {
  const started = performance.now();
  const deadline = started + MAX_BENCH_MS;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-bench-validate-"));
  const rows = [];
  const notes = [
    `machine: ${os.cpus().length} CPUs, ${process.version}; every run is a fresh process (cold), after one uncounted warm-up`,
  ];
  try {
    // (a) small extensions: the templates, fresh from `imperal init`
    const templates = fs.existsSync(path.join(root, "templates"))
      ? fs
          .readdirSync(path.join(root, "templates"))
          .filter((t) => fs.statSync(path.join(root, "templates", t)).isDirectory())
      : [];
    const small = [];
    for (const t of templates) {
      const dir = path.join(tmp, `tpl-${t}`);
      if (prepareTemplate(t, dir)) small.push({ name: `template ${t}`, dir });
    }
    if (small.length === 0) {
      const dir = path.join(tmp, "fixture-clean-notes");
      fs.cpSync(path.join(root, "packages", "validators", "test", "fixtures", "clean-notes"), dir, { recursive: true });
      small.push({ name: "fixture clean-notes", dir });
      notes.push("templates could not be initialised; used the validators clean-notes fixture as the small extension");
    }
    for (const s of small) {
      const eslintBin = eslintSetup(s.dir);
      const [v, e, nc] = measureInterleaved(
        [
          { args: [cli, "validate", ".", "--format", "json"] },
          { args: [eslintBin, "."] },
          { args: [cli, "validate", ".", "--format", "json"], env: { IMPERAL_NO_COMPILE_CACHE: "1" } },
        ],
        s.dir,
        RUNS_SMALL,
        deadline,
      );
      const out = JSON.parse(v.last.stdout);
      const ratio = v.median / e.median;
      rows.push({
        case: `${s.name}, without V8 code cache`,
        median_ms: nc.median,
        p95_ms: nc.p95,
        baseline: BASELINE,
        baseline_median_ms: e.median,
        ratio: nc.median / e.median,
        target: "(info)",
        runs: nc.runs,
      });
      rows.push({
        case: `${s.name} (${countTs(s.dir)} files)`,
        median_ms: v.median,
        p95_ms: v.p95,
        baseline: BASELINE,
        baseline_median_ms: e.median,
        baseline_p95_ms: e.p95,
        ratio,
        target: "ratio <= 0.5",
        pass: ratio <= 0.5,
        runs: v.runs,
        findings: out.findings.length,
      });
    }
    // (b) generated extensions: 50, 100, 200 files
    const sizes = [50, 100, 200];
    const large = [];
    for (const n of sizes) {
      const dir = path.join(tmp, `gen-${n}`);
      genExtension(dir, n);
      const eslintBin = eslintSetup(dir);
      const [v, e] = measureInterleaved(
        [{ args: [cli, "validate", ".", "--format", "json"] }, { args: [eslintBin, "."] }],
        dir,
        RUNS_LARGE,
        deadline,
      );
      const out = JSON.parse(v.last.stdout);
      large.push({ n, ms: v.median });
      rows.push({
        case: `generated ${n} files`,
        median_ms: v.median,
        p95_ms: v.p95,
        baseline: BASELINE,
        baseline_median_ms: e.median,
        baseline_p95_ms: e.p95,
        ratio: v.median / e.median,
        target: n === 200 ? "< 3000 ms" : "linear",
        pass: n === 200 ? v.median < 3000 : undefined,
        runs: v.runs,
        findings: out.findings.length,
      });
    }
    // linearity, cold: t(n) = fixed + n * perFile  =>  t(200) / t(100) <= 2 (fixed start-up > 0); allow 10% noise
    const slope1 = (large[1].ms - large[0].ms) / (sizes[1] - sizes[0]);
    const slope2 = (large[2].ms - large[1].ms) / (sizes[2] - sizes[1]);
    const growth = large[2].ms / large[1].ms;
    rows.push({
      case: "linearity (cold): t(200) / t(100)",
      median_ms: undefined,
      p95_ms: undefined,
      ratio: growth,
      target: "<= 2.2 (linear: <= 2)",
      pass: growth <= 2.2,
      slope_50_100_ms_per_file: slope1,
      slope_100_200_ms_per_file: slope2,
    });
    notes.push(
      `cold per-file cost: ${slope1.toFixed(2)} ms (50->100), ${slope2.toFixed(2)} ms (100->200) — start-up dominates and machine noise shows`,
    );
    // linearity, analysis only: one process validates 50/100/200/400 files in-process (after a warm-up), so
    // start-up is excluded and the per-file cost is visible
    const inproc = inProcess([50, 100, 200, 400], tmp);
    if (inproc) {
      for (const [n, ms] of inproc)
        rows.push({ case: `in-process analysis, ${n} files (warm)`, median_ms: ms, target: "(info)" });
      const g = inproc[3][1] / inproc[2][1];
      rows.push({
        case: "linearity (in-process): t(400) / t(200)",
        ratio: g,
        target: "<= 2.2 (linear: <= 2)",
        pass: g <= 2.2,
      });
      notes.push(`in-process per-file cost ~${((inproc[3][1] - inproc[0][1]) / 350).toFixed(2)} ms`);
    }
    notes.push(
      "the V8 code cache of the TypeScript compiler lives in ~/.cache/imperal/v8 (created by the warm-up run); the 'without V8 code cache' rows set IMPERAL_NO_COMPILE_CACHE=1",
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, notes };
}

function inProcess(sizes, tmp) {
  const script = path.join(tmp, "inprocess.mjs");
  fs.writeFileSync(
    script,
    `import * as fs from "node:fs"; import * as path from "node:path";
import { validateExtension } from ${JSON.stringify(pathToFileURL(path.join(root, "packages", "validators", "dist", "index.js")).href)};
import { genExtension } from ${JSON.stringify(pathToFileURL(fileURLToPath(import.meta.url)).href)};
const out = [];
for (const n of ${JSON.stringify(sizes)}) {
  const dir = path.join(${JSON.stringify(tmp)}, "inproc-" + n); genExtension(dir, n);
  await validateExtension(dir);
  const ts = []; for (let i = 0; i < 7; i++) ts.push((await validateExtension(dir)).durationMs);
  ts.sort((a, b) => a - b); out.push([n, ts[3]]);
}
process.stdout.write(JSON.stringify(out));
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 180_000 });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
}

function countTs(dir) {
  let n = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[mc]?[jt]sx?$/.test(e.name) && !e.name.startsWith("eslint.config")) n++;
    }
  };
  walk(dir);
  return n;
}
