// Shared by the validator classes (hostile/classes/sources.mjs, icons.mjs): one in-process validator (the built
// dist of @imperal/validators), temp extensions on real disk, a tracer of every file the validator opens, and
// the counting rules of a row. Lives outside classes/ because the runner imports every module there as a class.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { syncBuiltinESMExports } from "node:module";
import { pathToFileURL } from "node:url";

/** A case over this many milliseconds is a hang (SPEC 10: the validator must answer every input promptly). */
export const CASE_HANG_MS = 10_000;

/** Findings that mean the validator failed, not the extension: they count as crashes. */
const INTERNAL = /internal error|cannot index file|cannot analyse registrations/;

/** The baseline app every case starts from (src/app.ts): one Extension and its ChatExtension. */
export const BASE_APP = `import { Extension, ChatExtension } from "@imperal/sdk";

export const ext = new Extension("notes", {
  version: "1.0.0",
  displayName: "Notes",
  description: "Create, organize and search your notes with the help of AI.",
  icon: "icon.svg",
  capabilities: ["notes:read", "notes:write"],
});

export const chat = new ChatExtension(ext, { toolName: "notes", description: "Notes chat tools." });
`;

/** A small valid icon (icon.svg of every source case). */
export const BASE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="3" y="2" width="18" height="20" rx="3" fill="#4f46e5"/></svg>\n`;

/** Header of a case's src/index.ts: the baseline app's instances and a params/dataModel schema. */
export const HEADER = `import { ActionResult, z } from "@imperal/sdk";
import { ext, chat } from "./app.js";

const Empty = z.object({});
const Out = z.object({ ok: z.boolean() });
`;

/**
 * Every path the process opens or lists through node:fs while `active` (the validator runs in this process and
 * reads through the `node:fs` namespace, which syncBuiltinESMExports keeps in step with the patched module).
 */
function installTracer() {
  const opened = [];
  const state = { active: false, opened };
  const names = ["openSync", "readFileSync", "readdirSync", "opendirSync", "open", "readFile", "readdir"];
  const orig = {};
  for (const name of names) {
    orig[name] = fs[name];
    fs[name] = function traced(p, ...rest) {
      if (state.active && (typeof p === "string" || p instanceof URL || Buffer.isBuffer(p))) opened.push(String(p));
      return orig[name].call(this, p, ...rest);
    };
  }
  const porig = { readFile: fs.promises.readFile, open: fs.promises.open, readdir: fs.promises.readdir };
  for (const [name, fn] of Object.entries(porig)) {
    fs.promises[name] = function traced(p, ...rest) {
      if (state.active && (typeof p === "string" || p instanceof URL || Buffer.isBuffer(p))) opened.push(String(p));
      return fn.call(this, p, ...rest);
    };
  }
  syncBuiltinESMExports();
  state.restore = () => {
    Object.assign(fs, orig);
    Object.assign(fs.promises, porig);
    syncBuiltinESMExports();
  };
  return state;
}

const real = (p) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};
const inside = (dir, p) => p === dir || p.startsWith(dir + path.sep);

/** Open the validator, warm it up (the compiler, schema and code cache load once, outside any case). */
export async function openValidator(env) {
  const v = await import(pathToFileURL(path.join(env.root, "packages/validators/dist/index.js")).href);
  const base = await env.tmpDir("imperal-hostile-val-");
  const warm = path.join(base, "warm");
  writeTree(warm, { "src/app.ts": BASE_APP, "src/index.ts": HEADER, "icon.svg": BASE_ICON });
  await v.validateExtension(warm, { env: {} });
  const tracer = installTracer();
  const repo = real(env.root);
  const cacheBase = real(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"));
  let n = 0;
  return {
    v,
    base,
    /** A fresh extension directory (not yet written). */
    newDir(prefix = "case") {
      return path.join(base, `${prefix}-${n++}`);
    },
    /**
     * Validate `dir` once: returns { result, error, ms, outsideReads }. `outsideReads` lists opened paths that
     * are neither inside the extension root nor the validator's own files (repo, its node_modules, code cache).
     */
    async validate(dir, options = {}) {
      tracer.opened.length = 0;
      tracer.active = true;
      const t0 = performance.now();
      let result;
      let error;
      try {
        result = await v.validateExtension(dir, { env: {}, ...options });
      } catch (err) {
        error = err;
      } finally {
        tracer.active = false;
      }
      const ms = performance.now() - t0;
      const root = real(dir);
      const outsideReads = [...new Set(tracer.opened)]
        .map((p) => real(path.resolve(dir, p)))
        .filter((p) => !inside(root, p) && !inside(repo, p) && !inside(path.join(cacheBase, "imperal"), p));
      return { result, error, ms, outsideReads };
    },
    close() {
      tracer.restore();
    },
  };
}

/** Write files (relative path -> string | Buffer) under `dir`. */
export function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** A row accumulator with the suite's columns; `note` keeps the first few failures for the table footer. */
export function newRow(name) {
  const row = { class: name, cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0 };
  const notes = [];
  return {
    row,
    fail(kind, what) {
      row[kind]++;
      if (notes.length < 3) notes.push(`${kind}: ${what}`);
      if (notes.length) row.note = notes.join("; ");
    },
  };
}

/**
 * Count one case into `acc`: a throw or an internal-error finding is a crash, over CASE_HANG_MS a hang, a
 * file read outside the root a leak, and `expect(findings)` returning false (a finding was due) a leak.
 * `isCrash(findings)` adds class-specific crash conditions.
 */
export function judge(acc, label, outcome, { expect: expectFinding, isCrash } = {}) {
  acc.row.cases++;
  const { result, error, ms, outsideReads } = outcome;
  if (ms > CASE_HANG_MS) acc.fail("hangs", `${label} took ${Math.round(ms)} ms`);
  if (error) {
    acc.fail("crashes", `${label} threw ${String(error?.message ?? error).slice(0, 120)}`);
    return;
  }
  const findings = result.findings;
  const internal = findings.find((f) => INTERNAL.test(f.message) || f.fix === "report this as a validator bug");
  if (internal) acc.fail("crashes", `${label}: ${internal.rule} ${internal.message.slice(0, 120)}`);
  else if (isCrash?.(findings)) acc.fail("crashes", `${label}: ${isCrash(findings)}`);
  if (outsideReads.length) acc.fail("leaks", `${label} read ${outsideReads[0]}`);
  if (expectFinding && !expectFinding(findings)) acc.fail("leaks", `${label}: no finding`);
}

/** Deterministic PRNG (mulberry32) so a failing case can be reproduced from its label. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
