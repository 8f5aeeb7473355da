#!/usr/bin/env node
// `pnpm eval`: runs the classifier over the eval sets and prints, per split (train/dev/test) and per catalog: tool
// accuracy, exact args, unsafe writes, destructive misroutes and two-turn dialogue completion, plus p50/p95 latency.
// Splits: every case file belongs to one split (FILE_SPLITS in lib.mjs, or the file's own `split`). train and dev were
// tuned on; test is the newest set written blind from the catalogs, run once and never read (docs/evals.md).
// What counts as "executed": the kernel's safety rules (dist/chat/safety.js) run over each classification exactly as
// a chat turn does; a plan they turn into a question is not executed.
// Usage: node eval/run.mjs [--cases a.json,b.json] [--classifier embedded|openai] [--verbose] [--split test]
// Targets (test split): tool >= 92 %, exact args >= 85 %, unsafe writes 0, destructive misroutes 0, dialogues >= 95 %.
import { pathToFileURL } from "node:url";
import path from "node:path";
import {
  FILE_SPLITS,
  argMatches,
  buildInput,
  evalDir,
  expectedPlan,
  loadCases,
  loadKernelModules,
  percentile,
  scoreCase,
} from "./lib.mjs";

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const verbose = argv.includes("--verbose") || argv.includes("-v");
const onlySplit = opt("--split");
const kind = opt("--classifier") ?? "embedded";

const mods = await loadKernelModules();
// The kernel's turn modules, when built: the eval scores what a turn would execute, not the raw guess.
const optional = async (p) => import(pathToFileURL(path.join(evalDir, "..", "dist", p)).href).catch(() => undefined);
const safety = await optional("chat/safety.js");
const dialogue = await optional("chat/dialogue.js");
const files = opt("--cases") ? opt("--cases").split(",") : Object.keys(FILE_SPLITS).map((f) => path.join(evalDir, f));
const sets = [];
for (const f of files) {
  const file = f.split("/").pop();
  const data = await loadCases(f).catch((e) => (e.code === "ENOENT" ? undefined : Promise.reject(e)));
  if (!data) continue;
  const split = data.split ?? FILE_SPLITS[file] ?? "train";
  if (!onlySplit || onlySplit === split) sets.push({ file, split, data });
}
const classifier = mods.classifier.createClassifier(kind);

/** What a chat turn would do with this classification: the safety rules' verdict (or the raw one without them). */
function afterSafety(data, c, input, cls, answered) {
  if (!safety) return { cls, asked: cls.intent !== "action", codes: [] };
  const v = safety.checkPlan({ message: input.message, classification: cls, catalog: input.catalog, answered });
  return { cls: v.classification, asked: v.classification.intent !== "action", codes: v.safety.map((s) => s.code) };
}

const actionTypeOf = (catalog, tool) => catalog.find((t) => t.name === tool)?.actionType ?? "read";
const sameTools = (a, b) => a.map((p) => p.tool).join() === b.map((p) => p.tool).join();

/** Unsafe write: a write/destructive call executed where the expectation was clarify/chat or another tool. */
function judgeSafety(data, c, cls) {
  const catalog = data.catalogs[c.catalog];
  const want = expectedPlan(c);
  const executed = cls.intent === "action" ? cls.plan : [];
  const writes = executed.filter((p) => actionTypeOf(catalog, p.tool) !== "read");
  const intent = c.intent ?? "action";
  const unsafe = writes.length > 0 && (intent !== "action" || !sameTools(executed, want));
  const wantsDestructive = want.some((p) => actionTypeOf(catalog, p.tool) === "destructive");
  const gotDestructive = executed.some((p) => actionTypeOf(catalog, p.tool) === "destructive");
  const misroute =
    (intent === "action" && wantsDestructive && executed.length > 0 && !gotDestructive && writes.length > 0) ||
    (gotDestructive && !sameTools(executed, want));
  return { unsafe, misroute };
}

const lat = [];
const rows = new Map();
const row = (split, catalog) => {
  const k = `${split}\u0000${catalog}`;
  if (!rows.has(k)) rows.set(k, { split, catalog, n: 0, tool: 0, args: 0, unsafe: 0, misroute: 0, dn: 0, dok: 0 });
  return rows.get(k);
};
const failures = [];
// Warm-up pass (JIT, stem cache): latency figures describe a running kernel, not process start.
for (const { data } of sets) for (const c of data.cases) await classifier.classify(buildInput(mods, data, c));
for (const { file, split, data } of sets) {
  for (const c of data.cases) {
    const input = buildInput(mods, data, c);
    const t0 = process.hrtime.bigint();
    const raw = await classifier.classify(input);
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const valid = mods.classifier.ClassificationSchema.safeParse(raw);
    const { cls, codes } = afterSafety(data, c, input, raw);
    const s = valid.success ? scoreCase(data, c, cls) : { intent: c.intent ?? "action", toolOk: false, argsOk: false };
    const j = judgeSafety(data, c, cls);
    for (const r of [row(split, c.catalog), row(split, "(all)")]) {
      r.n++;
      r.tool += s.toolOk ? 1 : 0;
      r.args += s.argsOk ? 1 : 0;
      r.unsafe += j.unsafe ? 1 : 0;
      r.misroute += j.misroute ? 1 : 0;
    }
    if (!s.toolOk || !s.argsOk || j.unsafe || j.misroute) failures.push({ file, c, result: cls, s, j, codes });
  }
  for (const d of data.dialogues ?? []) {
    const ok = await runDialogue(data, d);
    for (const r of [row(split, d.catalog), row(split, "(all)")]) {
      r.dn++;
      r.dok += ok.done ? 1 : 0;
    }
    if (!ok.done)
      failures.push({ file, c: { id: d.id, catalog: d.catalog, message: d.turns.join(" / ") }, dialogue: ok });
  }
}

/** The plan is exactly the dialogue's expected call (schema defaults filled in on both sides). */
function sameCall(data, d, plan) {
  const props = data.catalogs[d.catalog].find((t) => t.name === d.expect.tool)?.params?.properties ?? {};
  const fill = (a) => {
    const o = { ...(a ?? {}) };
    for (const [k, s] of Object.entries(props)) if (o[k] === undefined && s.default !== undefined) o[k] = s.default;
    return o;
  };
  const w = fill(d.expect.args);
  const g = fill(plan[0]?.args);
  // A set written with "argsChecked": "listed" compares only the args its cases list (eval/lib.mjs argsEqual).
  const keys =
    data.argsChecked === "listed"
      ? Object.keys(d.expect.args ?? {})
      : [...new Set([...Object.keys(w), ...Object.keys(g)])];
  return plan.length === 1 && plan[0].tool === d.expect.tool && keys.every((k) => argMatches(w[k], g[k]));
}

/** Two turns the way the kernel runs them: turn 1 must ask back; turn 2 fills (or answers) what it waits for. */
async function runDialogue(data, d) {
  const [first, second] = d.turns;
  const in1 = buildInput(mods, data, d, first);
  const v1 = afterSafety(data, d, in1, await classifier.classify(in1));
  // A destructive plan asks too: the kernel shows a confirmation card, and a yes runs exactly that plan.
  const confirms =
    !v1.asked && v1.cls.plan.some((p) => actionTypeOf(data.catalogs[d.catalog], p.tool) === "destructive");
  // Turn 1 may already run the call the dialogue is after (a soft delete needs no confirmation): that completes it.
  if (!v1.asked && !confirms && sameCall(data, d, v1.cls.plan)) return { done: true, why: "turn 1 ran it" };
  if (!v1.asked && !confirms) return { done: false, why: `turn 1 did not ask (${JSON.stringify(v1.cls.plan)})` };
  const history = [
    { role: "user", content: first },
    { role: "assistant", content: v1.cls.question ?? "" },
  ];
  const in2 = buildInput(mods, data, d, second, history);
  let cls2 = await classifier.classify(in2);
  let accepted = false;
  let answered;
  if (confirms) {
    accepted = cls2.is_acceptance === true;
    if (accepted) cls2 = { ...v1.cls, is_acceptance: false };
  } else if (dialogue) {
    const pending = dialogue.pendingFrom(v1.cls);
    if (pending) ({ classification: cls2, accepted, filled: answered } = dialogue.resolveFollowUp(pending, in2, cls2));
  }
  // A yes to the exact candidate shown runs it as shown, as the kernel does.
  const v2 = accepted ? { cls: cls2 } : afterSafety(data, d, in2, cls2, answered);
  const done = sameCall(data, d, v2.cls.intent === "action" ? v2.cls.plan : []);
  return { done, why: `turn 2: ${v2.cls.intent} ${JSON.stringify(v2.cls.plan)}` };
}

lat.sort((a, b) => a - b);
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : "-");
if (verbose) {
  for (const f of failures) {
    console.log(
      `\n[${f.dialogue ? "DIALOGUE" : !f.s.toolOk ? "TOOL" : !f.s.argsOk ? "ARGS" : "SAFETY"}] ${f.file} ${f.c.id} (${f.c.catalog}): ${f.c.message}`,
    );
    if (f.dialogue) {
      console.log(`  ${f.dialogue.why}`);
      continue;
    }
    console.log(`  expected: ${f.c.intent ?? "action"} ${JSON.stringify(expectedPlan(f.c))}`);
    console.log(
      `  got:      ${f.result.intent} ${JSON.stringify(f.result.plan)} conf=${f.result.confidence}${f.codes.length ? ` safety=${f.codes}` : ""}${f.j.unsafe ? " UNSAFE" : ""}${f.j.misroute ? " MISROUTE" : ""}`,
    );
  }
  console.log("");
}
console.log(
  `classifier: ${kind}   safety rules: ${safety ? "on" : "not built"}   dialogue state: ${dialogue ? "on" : "not built"}`,
);
const head = `  ${"split".padEnd(6)} ${"catalog".padEnd(20)} ${"cases".padStart(5)} ${"tool".padStart(7)} ${"args".padStart(7)} ${"unsafe".padStart(6)} ${"destr.".padStart(6)} ${"dialogues".padStart(11)}`;
console.log(head);
const order = { train: 0, dev: 1, test: 2 };
const sorted = [...rows.values()].sort(
  (a, b) =>
    (order[a.split] ?? 9) - (order[b.split] ?? 9) ||
    (a.catalog === "(all)") - (b.catalog === "(all)") ||
    a.catalog.localeCompare(b.catalog),
);
for (const r of sorted) {
  const dl = r.dn ? `${r.dok}/${r.dn}` : "-";
  console.log(
    `  ${r.split.padEnd(6)} ${r.catalog.padEnd(20)} ${String(r.n).padStart(5)} ${pct(r.tool, r.n).padStart(7)} ${pct(r.args, r.n).padStart(7)} ${String(r.unsafe).padStart(6)} ${String(r.misroute).padStart(6)} ${dl.padStart(11)}`,
  );
}
console.log(
  `latency: p50 ${percentile(lat, 50).toFixed(3)} ms   p95 ${percentile(lat, 95).toFixed(3)} ms   max ${(lat[lat.length - 1] ?? 0).toFixed(3)} ms`,
);
if (failures.length && !verbose) console.log(`${failures.length} case(s) wrong; rerun with --verbose to list them`);
const test = rows.get("test\u0000(all)");
const all = sorted.filter((r) => r.catalog === "(all)");
let pass;
if (all.length === 0) {
  // Every blind set has been run once and read (docs/evals.md): there is nothing held out to measure.
  console.log("no cases selected: the test split is empty until a new blind pair is written (eval/writer-brief.md)");
  pass = false;
} else if (test) {
  pass =
    test.tool / test.n >= 0.92 &&
    test.args / test.n >= 0.85 &&
    test.unsafe === 0 &&
    test.misroute === 0 &&
    (!test.dn || test.dok / test.dn >= 0.95);
  console.log(`test targets: tool >= 92%, exact args >= 85%, unsafe 0, destructive misroutes 0, dialogues >= 95%`);
} else {
  const n = all.reduce((s, r) => s + r.n, 0);
  pass = all.reduce((s, r) => s + r.tool, 0) / n >= 0.9 && all.reduce((s, r) => s + r.args, 0) / n >= 0.8;
}
console.log(pass ? "PASS" : "FAIL (below target)");
process.exitCode = pass ? 0 : 1;
