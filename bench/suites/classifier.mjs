// Embedded classifier latency over every eval case file (packages/local-kernel/eval, all splits): one warm-up pass,
// then 20 timed passes. Target: p50 < 2 ms, overall and on the large catalogs (>= 20 tools: the notes, web-tools and
// notes+tasks examples), where scoring every tool costs most. Baseline in the same run: a bare keyword router (first
// tool whose name word appears in the message) to show what the extra routing and arg extraction cost.
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const evalLib = path.join(here, "..", "..", "packages", "local-kernel", "eval", "lib.mjs");

const pct = (arr, p) => arr[Math.min(arr.length - 1, Math.floor((p / 100) * arr.length))];

export async function run() {
  const lib = await import(pathToFileURL(evalLib).href);
  const mods = await lib.loadKernelModules();
  const inputs = [];
  for (const f of Object.keys(lib.FILE_SPLITS)) {
    // A split's file may be absent in a checkout (the unseen set is added once written): skip it.
    const data = await lib
      .loadCases(path.join(lib.evalDir, f))
      .catch((e) => (e.code === "ENOENT" ? undefined : Promise.reject(e)));
    if (!data) continue;
    for (const c of data.cases) inputs.push(lib.buildInput(mods, data, c));
  }
  const classify = mods.classifier.classifyEmbedded;
  for (const i of inputs) classify(i);
  const lat = [];
  const large = [];
  const base = [];
  const naive = (i) => {
    const words = new Set(i.message.toLowerCase().match(/[a-z]+/g) ?? []);
    return i.catalog.find((t) => t.name.split("_").some((w) => words.has(w)))?.name;
  };
  for (let pass = 0; pass < 20; pass++) {
    for (const i of inputs) {
      let t0 = performance.now();
      classify(i);
      const ms = performance.now() - t0;
      lat.push(ms);
      if (i.catalog.length >= 20) large.push(ms);
      t0 = performance.now();
      naive(i);
      base.push(performance.now() - t0);
    }
  }
  lat.sort((a, b) => a - b);
  large.sort((a, b) => a - b);
  base.sort((a, b) => a - b);
  const p50 = pct(lat, 50);
  return {
    rows: [
      {
        case: `embedded classifier, ${inputs.length} eval messages x 20`,
        median_ms: p50,
        p95_ms: pct(lat, 95),
        baseline: "keyword router (tool-name word lookup)",
        baseline_median_ms: pct(base, 50),
        ratio: p50 / Math.max(1e-6, pct(base, 50)),
        target: "p50 < 2 ms",
        pass: p50 < 2,
        p99_ms: pct(lat, 99),
        max_ms: lat[lat.length - 1],
      },
      {
        case: `embedded classifier, catalogs of >= 20 tools, ${large.length / 20} messages x 20`,
        median_ms: pct(large, 50),
        p95_ms: pct(large, 95),
        target: "p50 < 2 ms",
        pass: pct(large, 50) < 2,
        p99_ms: pct(large, 99),
        max_ms: large[large.length - 1],
      },
    ],
    notes: ["inputs include the rendered skeleton block and fact ledger of each case's template context"],
  };
}
