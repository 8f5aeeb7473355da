#!/usr/bin/env node
// Reads a test log (vitest output of every package) and prints one plain closing line:
// "N passed, N failed[, N skipped]" — the line CI reads, whatever the runner's own format.
import { readFileSync } from "node:fs";

const text = readFileSync(process.argv[2], "utf8").replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0,
  failed = 0,
  skipped = 0,
  suites = 0;
for (const line of text.split("\n")) {
  const m = /^\s*Tests\s+(.*)\((\d+)\)\s*$/.exec(line);
  if (!m) continue;
  suites++;
  for (const part of m[1].split("|")) {
    const n = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (!n) continue;
    const v = Number(n[1]);
    if (n[2] === "passed") passed += v;
    else if (n[2] === "failed") failed += v;
    else skipped += v;
  }
}
console.log(`test suites: ${suites} packages`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
