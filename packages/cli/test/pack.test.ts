// SPEC 9 "Getting the command": every package packs with `pnpm pack` into a tarball that installs with plain npm in an
// empty directory, and `imperal init --from-tarballs` points a new extension at those tarballs. Offline: the
// third-party dependencies come from a registry on 127.0.0.1 serving what this workspace has installed (see
// local-registry.ts), so nothing touches the network and the versions are the lockfile's.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTarballManifest } from "../src/init/deps.js";
import { builtPrerequisites } from "./dev-helpers.js";
import { startLocalRegistry, type LocalRegistry } from "./local-registry.js";
import { REPO_ROOT } from "./templates-helpers.js";

const PACKAGES = ["sdk", "validators", "local-kernel", "cli"];
// The local registry makes tarballs with GNU tar (--transform, --hard-dereference for pnpm's hard-linked store).
const gnuTar = /GNU tar/.test(spawnSync("tar", ["--version"], { encoding: "utf8" }).stdout ?? "");
const skip = builtPrerequisites() ?? (gnuTar ? undefined : "GNU tar is not installed");

/** Environment without pnpm's/npm's run-time configuration, so npm reads only the flags given. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(npm_|NPM_|pnpm_|PNPM_|VITEST|NODE_OPTIONS|INIT_CWD|FORCE_COLOR)/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: "1", ...extra };
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 240_000) {
  return new Promise<{ code: number; out: string }>((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    const t = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ code: code ?? -1, out });
    });
  });
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** pnpm itself: the one running this suite (`pnpm test` sets npm_execpath), else `npx -y pnpm@10`. */
const pnpm = (args: string[], cwd: string) => {
  const self = process.env.npm_execpath;
  return self && /pnpm/.test(self) && existsSync(self)
    ? run(process.execPath, [self, ...args], cwd)
    : run("npx", ["-y", "pnpm@10", ...args], cwd);
};

describe.skipIf(!!skip)("packed tarballs install with plain npm", () => {
  let work: string;
  let packs: string;
  let registry: LocalRegistry;
  let npmFlags: string[];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "imperal-pack-"));
    packs = path.join(work, "tarballs");
    registry = await startLocalRegistry(path.join(REPO_ROOT, "node_modules", ".pnpm"));
    // --ignore-scripts: the served better-sqlite3 already holds the binding its install script would build or
    // download (that needs the network); none of the @imperal/* packages has an install script.
    npmFlags = [
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      `--registry=${registry.url}`,
      `--cache=${path.join(work, "npm-cache")}`,
    ];
  });
  afterAll(async () => {
    await registry?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(
    "pnpm pack: files, exports, bin and dependency ranges are right (no workspace: left)",
    { timeout: 120_000 },
    async () => {
      for (const p of PACKAGES) {
        const cwd = path.join(REPO_ROOT, "packages", p);
        const r = await pnpm(["pack", "--pack-destination", packs], cwd);
        expect(r.code, r.out).toBe(0);
      }
      const tarballs = readdirSync(packs).filter((f) => f.endsWith(".tgz"));
      expect(tarballs.sort()).toEqual([
        "imperal-cli-0.1.0.tgz",
        "imperal-local-kernel-0.1.0.tgz",
        "imperal-sdk-0.1.0.tgz",
        "imperal-validators-0.1.0.tgz",
      ]);
      for (const t of tarballs) {
        const m = readTarballManifest(path.join(packs, t)) as Record<string, unknown>;
        const text = JSON.stringify(m);
        expect(text, t).not.toMatch(/workspace:/);
        for (const [name, range] of Object.entries({
          ...(m.dependencies as object),
          ...(m.peerDependencies as object),
        }))
          expect(range as string, `${t} ${name}`).toMatch(/^[\^~]?\d|^\^\d.*\|\|/);
        expect(m.files, t).toEqual(expect.arrayContaining(["dist"]));
        expect((m.exports as Record<string, unknown>)["."], t).toBeDefined();
      }
      const cli = readTarballManifest(path.join(packs, "imperal-cli-0.1.0.tgz")) as Record<
        string,
        Record<string, string>
      >;
      expect(cli.bin).toEqual({ imperal: "./bin/imperal.mjs" });
      expect(cli.dependencies!["@imperal/sdk"]).toBe("0.1.0");
    },
  );

  it("the tarballs install with npm in an empty directory; imperal --version runs", { timeout: 300_000 }, async () => {
    const dir = path.join(work, "empty");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    const files = readdirSync(packs).map((f) => path.join(packs, f));
    const install = await run(npm, ["install", ...npmFlags, ...files], dir);
    expect(install.code, install.out).toBe(0);
    const bin = path.join(dir, "node_modules", ".bin", "imperal");
    const v = await run(bin, ["--version"], dir);
    expect(v.code, v.out).toBe(0);
    expect(v.out.trim()).toBe("0.1.0");
    // every export target of every package is in the installed tree
    for (const p of PACKAGES) {
      const root = path.join(dir, "node_modules", "@imperal", p);
      const m = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
        exports: Record<string, unknown>;
      };
      const targets = (v: unknown): string[] =>
        typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(targets) : [];
      for (const target of targets(m.exports))
        expect(existsSync(path.join(root, target)), `${p}: ${target}`).toBe(true);
    }
  });

  it(
    "init --from-tarballs: the notes template installs from them, validates, builds and passes its evals",
    { timeout: 400_000 },
    async () => {
      const bin = path.join(work, "empty", "node_modules", ".bin", "imperal");
      const init = await run(bin, ["--json", "init", "my-notes", "-t", "notes", "--from-tarballs", packs], work);
      expect(init.code, init.out).toBe(0);
      expect(JSON.parse(init.out)).toMatchObject({ ok: true, deps: "tarballs" });
      const dir = path.join(work, "my-notes");
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(pkg.dependencies["@imperal/sdk"]).toBe(`file:${path.join(packs, "imperal-sdk-0.1.0.tgz")}`);
      expect(Object.keys(pkg.overrides).sort()).toEqual([
        "@imperal/cli",
        "@imperal/local-kernel",
        "@imperal/sdk",
        "@imperal/validators",
      ]);
      const install = await run(npm, ["install", ...npmFlags], dir);
      expect(install.code, install.out).toBe(0);
      const local = path.join(dir, "node_modules", ".bin", "imperal");
      const validate = await run(local, ["validate"], dir);
      expect(validate.code, validate.out).toBe(0);
      const build = await run(local, ["build"], dir);
      expect(build.code, build.out).toBe(0);
      expect(existsSync(path.join(dir, "dist", "extension.mjs"))).toBe(true);
      const evals = await run(local, ["eval"], dir);
      expect(evals.code, evals.out).toBe(0);
    },
  );

  it("--from-tarballs names what is missing", { timeout: 60_000 }, async () => {
    const { initExtension } = await import("../src/init/scaffold.js");
    const empty = mkdtempSync(path.join(work, "none-"));
    expect(() => initExtension({ dir: "x-ext", template: "minimal", fromTarballs: empty, cwd: work })).toThrow(
      /no tarball of @imperal\/cli, @imperal\/sdk/,
    );
    expect(() =>
      initExtension({ dir: "y-ext", template: "minimal", fromTarballs: path.join(work, "nope"), cwd: work }),
    ).toThrow(/is not a directory/);
  });
});
