#!/usr/bin/env node
// `pnpm test:hostile`: the adversarial corpus as a maintained suite (SPEC 10).
// Every module in hostile/classes exports `default { name, run(env) }`; run() returns rows
// `{ class, cases, crashes, hangs, leaks, losses, note? }`. The runner prints one table and exits 1 when any
// failure column is non-zero, when a class throws (counted as one crash) or when a class overruns its budget
// (counted as one hang). `node hostile/run.mjs http tenants` runs the classes whose file name starts with a word.
import { readdir, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const classesDir = path.join(here, "classes");
const wanted = process.argv.slice(2);
/** Wall-clock budget per class module; the whole suite must stay under 5 minutes. */
const CLASS_BUDGET_MS = 120_000;

const files = (await readdir(classesDir)).filter((f) => f.endsWith(".mjs")).sort();
const selected = files.filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
if (selected.length === 0) {
  console.error(
    `no hostile class matches ${wanted.join(", ")}; available: ${files.map((f) => f.slice(0, -4)).join(", ")}`,
  );
  process.exit(2);
}

const temps = [];
/** What a class gets: the repo root, a temp-dir factory (removed at the end) and a logger. */
const env = {
  root,
  async tmpDir(prefix = "imperal-hostile-") {
    const d = await mkdtemp(path.join(tmpdir(), prefix));
    temps.push(d);
    return d;
  },
  log: (msg) => process.stdout.write(`  ${msg}\n`),
};

const rows = [];
const started = Date.now();
for (const file of selected) {
  const name = file.slice(0, -4);
  const t0 = Date.now();
  process.stdout.write(`== ${name}\n`);
  let timer;
  try {
    const mod = await import(pathToFileURL(path.join(classesDir, file)).href);
    const out = await Promise.race([
      mod.default.run(env),
      new Promise((_, fail) => {
        timer = setTimeout(
          () => fail(Object.assign(new Error(`over ${CLASS_BUDGET_MS} ms`), { hang: true })),
          CLASS_BUDGET_MS,
        );
      }),
    ]);
    for (const r of out) rows.push({ crashes: 0, hangs: 0, leaks: 0, losses: 0, ...r });
  } catch (err) {
    const hang = err?.hang === true;
    rows.push({
      class: name,
      cases: 0,
      crashes: hang ? 0 : 1,
      hangs: hang ? 1 : 0,
      leaks: 0,
      losses: 0,
      note: String(err?.stack ?? err)
        .split("\n")
        .slice(0, 3)
        .join(" | "),
    });
  } finally {
    clearTimeout(timer);
  }
  process.stdout.write(`   ${name}: ${Date.now() - t0} ms\n`);
}
await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));

const cols = ["class", "cases", "crashes", "hangs", "leaks", "losses"];
const table = rows.map((r) => cols.map((c) => String(r[c])));
const widths = cols.map((c, i) => Math.max(c.length, ...table.map((t) => t[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log("\n" + line(cols));
for (const t of table) console.log(line(t));
const total = (k) => rows.reduce((s, r) => s + (Number(r[k]) || 0), 0);
console.log(line(["total", ...cols.slice(1).map((c) => String(total(c)))]));
for (const r of rows) if (r.note) console.log(`  note (${r.class}): ${r.note}`);
await mkdir(path.join(here, "results"), { recursive: true });
await writeFile(
  path.join(here, "results", "latest.json"),
  JSON.stringify({ date: new Date().toISOString(), elapsed_ms: Date.now() - started, rows }, null, 2) + "\n",
);
const bad = total("crashes") + total("hangs") + total("leaks") + total("losses");
console.log(
  `\nhostile: ${total("cases")} cases in ${rows.length} classes, ${bad} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = bad ? 1 : 0;
