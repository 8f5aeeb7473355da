// SPEC 9 "Getting the command": the repository root exposes the CLI (`npx -y pnpm@10 imperal <args>`), running in the
// directory it was called from.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./templates-helpers.js";

const env = (extra: Record<string, string> = {}) => {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|NODE_OPTIONS|INIT_CWD)/.test(k)) e[k] = v;
  return { ...e, NO_COLOR: "1", ...extra };
};

describe("root imperal script", () => {
  it("package.json declares it", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(pkg.scripts.imperal).toBe("node scripts/imperal.mjs");
  });

  it("`pnpm -s imperal --version` at the root prints the CLI's version", () => {
    const self = process.env.npm_execpath;
    const [cmd, args] =
      self && /pnpm/.test(self) && existsSync(self)
        ? [process.execPath, [self, "-s", "imperal", "--version"]]
        : ["npx", ["-y", "pnpm@10", "-s", "imperal", "--version"]];
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: "utf8", env: env(), timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("0.1.0");
  }, 150_000);

  it("runs in the caller's directory (INIT_CWD) and keeps --json stdout to one envelope", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "imperal-root-"));
    try {
      const r = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, "scripts", "imperal.mjs"), "--json", "init", "from-root", "-t", "minimal"],
        { cwd: REPO_ROOT, encoding: "utf8", env: env({ INIT_CWD: cwd }), timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, command: "init", app_id: "from-root" });
      expect(existsSync(path.join(cwd, "from-root", "package.json"))).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});
