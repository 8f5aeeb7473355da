// Helpers for the real-process tests of `imperal dev` / `imperal chat` / the REPL.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { initExtension } from "../src/init/scaffold.js";

export const REPO = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const BIN = path.join(REPO, "packages", "cli", "bin", "imperal.mjs");

/** Whether the packages the real-process tests need are built (the CLI, the kernel, the SDK). */
export function builtPrerequisites(): string | undefined {
  // The kernel's worker entry too: every dev test spawns workers from it (it moved to worker/thread/ with the kernel's layout).
  const kernelWorker = "packages/local-kernel/dist/worker/thread/entry.js";
  for (const p of [
    "packages/sdk/dist/index.js",
    "packages/local-kernel/dist/index.js",
    "packages/cli/dist/index.js",
    kernelWorker,
  ]) {
    if (!existsSync(path.join(REPO, p))) return `${p} is missing: run \`pnpm build\``;
  }
  return undefined;
}

/** Scaffold a template into a fresh temp dir and link its dependencies from this checkout (offline `npm install`). */
export function scaffold(template = "notes", name = "dev-test"): string {
  const parent = mkdtempSync(path.join(tmpdir(), "imperal-devtest-"));
  const r = initExtension({ dir: name, template, local: REPO, cwd: parent });
  const dir = r.dir;
  const nm = path.join(dir, "node_modules");
  mkdirSync(path.join(nm, "@imperal"), { recursive: true });
  if (!existsSync(path.join(nm, "@imperal", "sdk")))
    symlinkSync(path.join(REPO, "packages", "sdk"), path.join(nm, "@imperal", "sdk"), "dir");
  const zod = path.dirname(
    createRequire(path.join(REPO, "packages", "cli", "package.json")).resolve("zod/package.json"),
  );
  if (!existsSync(path.join(nm, "zod"))) symlinkSync(realpathSync(zod), path.join(nm, "zod"), "dir");
  return dir;
}

/** Run the CLI binary to completion. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const t = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A running `imperal --json dev --no-repl` process and its NDJSON events. */
export interface DevProcess {
  proc: ChildProcess;
  ready: Record<string, unknown> & { url: string; port: number; requested_port: number };
  events: Array<Record<string, unknown>>;
  stderr(): string;
  waitFor(pred: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawn `imperal --json dev <dir> --no-repl --port 0 [...extra]` and wait for its `ready` event. */
export function startDev(dir: string, extra: string[] = []): Promise<DevProcess> {
  const proc = spawn(
    process.execPath,
    [BIN, "--json", "dev", dir, "--no-repl", ...(extra.includes("--port") ? [] : ["--port", "0"]), ...extra],
    {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    pred: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }> = [];
  let buf = "";
  let err = "";
  proc.stderr!.on("data", (d) => (err += d));
  proc.stdout!.on("data", (d) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let ev: Record<string, unknown>;
      try {
        ev = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(ev);
      for (const w of [...waiters]) {
        if (w.pred(ev)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(ev);
        }
      }
    }
  });
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  const waitFor = (pred: (e: Record<string, unknown>) => boolean, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = events.find(pred);
      if (seen) return resolve(seen);
      const t = setTimeout(
        () => reject(new Error(`timed out waiting for a dev event; got ${JSON.stringify(events)}\nstderr: ${err}`)),
        timeoutMs,
      );
      waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
      void exited.then((code) => {
        clearTimeout(t);
        reject(
          new Error(`imperal dev exited (${code}) while waiting; events ${JSON.stringify(events)}\nstderr: ${err}`),
        );
      });
    });
  return waitFor((e) => e.event === "ready", 60_000).then((ready) => ({
    proc,
    ready: ready as DevProcess["ready"],
    events,
    stderr: () => err,
    waitFor,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  }));
}
