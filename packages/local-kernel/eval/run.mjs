#!/usr/bin/env node
// `pnpm eval`: runs the classifier over eval/cases.json and prints tool accuracy, exact-args accuracy, p50/p95 latency.
// Usage: node eval/run.mjs [--cases file.json[,file2.json]] [--classifier embedded|openai] [--verbose]
// Targets: tool accuracy >= 90 %, exact args >= 80 % (exit code 1 below target).
import { buildInput, expectedPlan, loadCases, loadKernelModules, percentile, scoreCase } from "./lib.mjs";

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const verbose = argv.includes("--verbose") || argv.includes("-v");
const kind = opt("--classifier") ?? "embedded";

const mods = await loadKernelModules();
// Default: every set, reported per set and overall: the hand-written set (cases.json), the real-template set
// (cases-templates.json), the tuning regression guard (cases-regression.json), the blind set written before the second
// tuning round (cases-blind.json) and the held-out probes of that round (cases-probes.json).
// `--cases a.json,b.json` runs only the given files.
const DEFAULT_SETS = [
  "cases.json",
  "cases-templates.json",
  "cases-regression.json",
  "cases-blind.json",
  "cases-probes.json",
];
const files = opt("--cases")
  ? opt("--cases").split(",")
  : DEFAULT_SETS.map((f) => new URL(f, import.meta.url).pathname);
const sets = [];
for (const f of files) sets.push({ file: f.split("/").pop(), data: await loadCases(f) });
const classifier = mods.classifier.createClassifier
  ? mods.classifier.createClassifier(kind)
  : { classify: async (i) => mods.classifier.classifyEmbedded(i) };

// Warm-up pass (JIT, stem cache): latency figures describe a running kernel, not process start.
for (const { data } of sets) for (const c of data.cases) await classifier.classify(buildInput(mods, data, c));

let tool = 0;
let args = 0;
let actionCases = 0;
let argsOfAction = 0;
const lat = [];
const failures = [];
const perSet = [];
let n = 0;
for (const { file, data } of sets) {
  const before = { tool, args };
  for (const c of data.cases) {
    n++;
    const input = buildInput(mods, data, c);
    const t0 = process.hrtime.bigint();
    const result = await classifier.classify(input);
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const valid = mods.classifier.ClassificationSchema.safeParse(result);
    const s = valid.success
      ? scoreCase(data, c, result)
      : { intent: c.intent ?? "action", toolOk: false, argsOk: false };
    if (s.toolOk) tool++;
    if (s.argsOk) args++;
    if (s.intent === "action") {
      actionCases++;
      if (s.argsOk) argsOfAction++;
    }
    if (!s.toolOk || !s.argsOk) failures.push({ c, result, s });
  }
  perSet.push({ file, n: data.cases.length, tool: tool - before.tool, args: args - before.args });
}
lat.sort((a, b) => a - b);
const toolAcc = tool / n;
const argsAcc = args / n;
const pct = (x) => `${(100 * x).toFixed(1)}%`;
if (verbose) {
  for (const f of failures) {
    console.log(`\n[${f.s.toolOk ? "ARGS" : "TOOL"}] ${f.c.id} (${f.c.catalog}): ${f.c.message}`);
    console.log(`  expected: ${f.c.intent ?? "action"} ${JSON.stringify(expectedPlan(f.c))}`);
    console.log(
      `  got:      ${f.result.intent} ${JSON.stringify(f.result.plan)} conf=${f.result.confidence}${f.result.missing?.length ? ` missing=${f.result.missing}` : ""}`,
    );
  }
  console.log("");
}
console.log(`classifier: ${kind}   cases: ${n} (${actionCases} action, ${n - actionCases} chat/clarify)`);
console.log(`  ${"set".padEnd(24)} ${"cases".padStart(5)}  ${"tool".padStart(7)}  ${"exact args".padStart(10)}`);
for (const p of perSet)
  console.log(
    `  ${p.file.padEnd(24)} ${String(p.n).padStart(5)}  ${pct(p.tool / p.n).padStart(7)}  ${pct(p.args / p.n).padStart(10)}`,
  );
console.log(
  `  ${"overall".padEnd(24)} ${String(n).padStart(5)}  ${pct(tool / n).padStart(7)}  ${pct(args / n).padStart(10)}`,
);
console.log(`tool accuracy:       ${pct(toolAcc)}  (${tool}/${n})   target >= 90%`);
console.log(
  `exact-args accuracy: ${pct(argsAcc)}  (${args}/${n})   target >= 80%   [action cases only: ${pct(argsOfAction / Math.max(1, actionCases))}]`,
);
console.log(
  `latency: p50 ${percentile(lat, 50).toFixed(3)} ms   p95 ${percentile(lat, 95).toFixed(3)} ms   max ${lat[lat.length - 1].toFixed(3)} ms`,
);
if (failures.length && !verbose) console.log(`${failures.length} case(s) wrong; rerun with --verbose to list them`);
const pass = toolAcc >= 0.9 && argsAcc >= 0.8;
console.log(pass ? "PASS" : "FAIL (below target)");
process.exitCode = pass ? 0 : 1;
