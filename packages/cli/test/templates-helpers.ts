import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** packages/cli */
export const CLI_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = path.join(CLI_ROOT, "bin", "imperal.mjs");
export const REPO_ROOT = path.resolve(CLI_ROOT, "..", "..");
export const VITEST = path.join(CLI_ROOT, "node_modules", "vitest", "vitest.mjs");

/**
 * A scratch directory inside the workspace (packages/cli/.imperal/, git-ignored) so scaffolded extensions
 * resolve @imperal/sdk, zod and vitest from packages/cli/node_modules exactly as a workspace member would.
 */
export function scratchDir(prefix: string): string {
  const base = path.join(CLI_ROOT, ".imperal", "test-scratch");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}

/** Remove a scratch directory. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: no colour, and no vitest variables leaking into nested runs. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|NODE_OPTIONS|TEST$|FORCE_COLOR)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: "1", ...extra };
}

/** Run a command (stdin closed, i.e. not a TTY) and collect its output. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? CLI_ROOT,
      env: childEnv(opts.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Run the imperal CLI binary as a user would. */
export function cli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], opts);
}
