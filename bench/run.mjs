#!/usr/bin/env node
// `pnpm bench`: runs every suite in bench/suites (or the ones named on the command line),
// writes bench/results/<suite>.json and prints one readable table.
import { readdir, writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const suitesDir = path.join(here, "suites");
const resultsDir = path.join(here, "results");
const wanted = process.argv.slice(2);

const files = (await readdir(suitesDir)).filter((f) => f.endsWith(".mjs")).sort();
const selected = files.filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
if (selected.length === 0) {
  console.error(
    `no bench suite matches ${wanted.join(", ")}; available: ${files.map((f) => f.replace(/\.mjs$/, "")).join(", ")}`,
  );
  process.exit(2);
}
await mkdir(resultsDir, { recursive: true });

const fmt = (v) =>
  v === undefined || v === null
    ? ""
    : typeof v === "number"
      ? Math.abs(v) >= 100
        ? v.toFixed(0)
        : v.toFixed(2)
      : String(v);
let failed = 0;
for (const file of selected) {
  const name = file.replace(/\.mjs$/, "");
  const started = Date.now();
  process.stdout.write(`\n== ${name} ==\n`);
  try {
    const mod = await import(pathToFileURL(path.join(suitesDir, file)).href);
    const result = await mod.run();
    const out = {
      suite: name,
      date: new Date().toISOString(),
      node: process.version,
      cpus: (await import("node:os")).cpus().length,
      elapsed_ms: Date.now() - started,
      ...result,
    };
    await writeFile(path.join(resultsDir, `${name}.json`), JSON.stringify(out, null, 2) + "\n");
    const rows = result.rows ?? [];
    const cols = ["case", "median_ms", "p95_ms", "baseline", "baseline_median_ms", "ratio", "target", "pass"];
    const table = rows.map((r) => cols.map((c) => fmt(r[c])));
    const widths = cols.map((c, i) => Math.max(c.length, ...table.map((t) => t[i].length)));
    const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
    console.log(line(cols));
    for (const t of table) console.log(line(t));
    for (const n of result.notes ?? []) console.log(`  note: ${n}`);
    if (rows.some((r) => r.pass === false)) failed++;
  } catch (err) {
    failed++;
    console.error(`suite ${name} failed: ${err?.stack ?? err}`);
  }
}
console.log(`\nresults written to ${path.relative(process.cwd(), resultsDir)}/`);
process.exitCode = failed ? 1 : 0;
