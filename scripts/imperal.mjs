#!/usr/bin/env node
// `npx -y pnpm@10 imperal <args>` at the repository root: runs this checkout's `imperal` command in the directory it
// was called from. When a package is not built yet, or its sources are newer than its build, it builds the
// workspace first (`pnpm run build`, output on stderr so `--json` stays one envelope on stdout).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["sdk", "validators", "local-kernel", "cli"];

function newest(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const e of readdirSync(p)) n = Math.max(n, newest(path.join(p, e)));
  return n;
}

/** Why the packages need a build, or undefined when every dist/ is newer than its src/. */
function staleReason() {
  for (const p of PACKAGES) {
    const dir = path.join(root, "packages", p);
    const built = path.join(dir, "dist", "index.js");
    if (!existsSync(built)) return `packages/${p} is not built`;
    if (newest(path.join(dir, "src")) > statSync(built).mtimeMs) return `packages/${p}/src changed since its build`;
  }
  return undefined;
}

const reason = staleReason();
if (reason) {
  process.stderr.write(`imperal: ${reason}; building the workspace first (pnpm run build)…\n`);
  // pnpm sets npm_execpath to itself when it runs this script; otherwise fall back to npx, as the README does.
  const self = process.env.npm_execpath;
  const [cmd, args] =
    self && /pnpm/.test(self) ? [process.execPath, [self, "run", "build"]] : ["npx", ["-y", "pnpm@10", "run", "build"]];
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", process.stderr, process.stderr] });
  if (r.status !== 0) {
    process.stderr.write(`imperal: the build failed (exit ${r.status ?? r.signal}); see above\n`);
    process.exit(3);
  }
}

// pnpm runs root scripts in the root; INIT_CWD is where the user typed the command.
if (process.env.INIT_CWD && existsSync(process.env.INIT_CWD)) process.chdir(process.env.INIT_CWD);
const bin = path.join(root, "packages", "cli", "bin", "imperal.mjs");
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
await import(pathToFileURL(bin).href);
