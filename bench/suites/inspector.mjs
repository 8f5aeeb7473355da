// The inspector (SPEC 8.2): first panel render in a real headless Chromium (navigation start -> the first panel's
// UI tree drawn, p50 of 10 fresh page loads against a real dev session of the notes template) and the size of the
// shipped app (JS + CSS + HTML, gzipped). The render row is skipped with a note when /usr/bin/chromium is missing.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cliDir = path.join(repo, "packages", "cli");
const CHROMIUM = "/usr/bin/chromium";
const LOADS = Number(process.env.IMPERAL_BENCH_INSPECTOR_LOADS ?? 10);
const TARGET_P50_MS = 500;
const TARGET_KIB = 150;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x) => Math.round(x * 10) / 10;

function run0(args, cwd) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}: ${err}`))));
  });
}

/** Scaffold the notes template with the real CLI and link its dependencies from this checkout (offline). */
async function scaffold(work) {
  const bin = path.join(cliDir, "bin", "imperal.mjs");
  await run0([bin, "init", "inspector-bench", "--template", "notes", "--local", repo, "--yes"], work);
  const dir = path.join(work, "inspector-bench");
  const nm = path.join(dir, "node_modules");
  mkdirSync(path.join(nm, "@imperal"), { recursive: true });
  if (!existsSync(path.join(nm, "@imperal", "sdk")))
    symlinkSync(path.join(repo, "packages", "sdk"), path.join(nm, "@imperal", "sdk"), "dir");
  const zod = path.dirname(createRequire(path.join(cliDir, "package.json")).resolve("zod/package.json"));
  if (!existsSync(path.join(nm, "zod"))) symlinkSync(realpathSync(zod), path.join(nm, "zod"), "dir");
  return dir;
}

/** JS + CSS + HTML of dist/inspector, each gzipped (level 9, what a server would send). */
function bundleSize() {
  const dir = path.join(cliDir, "dist", "inspector");
  const files = ["app.js", "app.css", "index.html"];
  const gz = files.reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length, 0);
  const raw = files.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
  return { gzKiB: gz / 1024, rawKiB: raw / 1024 };
}

async function firstPanelRender(notes) {
  const { DevSession } = await import(pathToFileURL(path.join(cliDir, "dist", "dev", "session.js")).href);
  const { inspectorUrl } = await import(pathToFileURL(path.join(cliDir, "dist", "inspector", "server.js")).href);
  const { chromium } = createRequire(path.join(cliDir, "package.json"))("playwright-core");
  const work = mkdtempSync(path.join(os.tmpdir(), "imperal-bench-inspector-"));
  const session = new DevSession({
    dir: await scaffold(work),
    port: 0,
    discovery: false,
    resetState: true,
    watch: false,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const info = await session.start();
    const url = inspectorUrl(info.url, info.token);
    const samples = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const context = await browser.newContext(); // fresh sessionStorage and cache: the token comes from the fragment
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      // performance.now() counts from the navigation start; sampled on the first frame the panel's tree is drawn.
      const handle = await page.waitForFunction(
        () => (document.querySelector('[data-testid^="panel-"] .panel-body [data-node]') ? performance.now() : 0),
        undefined,
        { polling: "raf", timeout: 15_000 },
      );
      const ms = await handle.jsonValue();
      if (i > 0) samples.push(ms); // the first load warms the kernel's panel path
      await context.close();
    }
    notes.push(
      `first panel render = navigation start -> first [data-node] inside a panel (fresh browser context per load: HTML, JS, CSS, /v1/dev/users, /v1/tools, /v1/health, POST /v1/panels/<id>); ${LOADS} loads after one warm-up`,
    );
    return samples;
  } finally {
    await browser.close();
    await session.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export async function run() {
  const notes = [];
  const size = bundleSize();
  const rows = [
    {
      case: `inspector bundle gzipped: ${round(size.gzKiB)} KiB (app.js + app.css + index.html)`,
      median_ms: null,
      size_kib: round(size.gzKiB),
      raw_kib: round(size.rawKiB),
      target: `<= ${TARGET_KIB} KiB gzipped`,
      pass: size.gzKiB <= TARGET_KIB,
    },
  ];
  notes.push(
    `bundle: ${round(size.gzKiB)} KiB gzipped, ${round(size.rawKiB)} KiB raw (Preact + the renderer of every UI node + the views)`,
  );
  if (!existsSync(CHROMIUM)) {
    notes.push(`first panel render skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    return { rows, notes };
  }
  const samples = await firstPanelRender(notes);
  const p50 = pct(samples, 50);
  rows.unshift({
    case: `notes template: navigation start -> first panel visible (${samples.length} loads)`,
    median_ms: round(p50),
    p95_ms: round(pct(samples, 95)),
    target: `p50 < ${TARGET_P50_MS} ms`,
    pass: p50 < TARGET_P50_MS,
    samples_ms: samples.map(round),
  });
  notes.push(
    `machine load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")} on ${os.cpus().length} CPUs`,
  );
  return { rows, notes };
}
