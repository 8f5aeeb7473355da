import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { appIdProblem, defaultDisplayName, suggestAppId } from "../src/init/app-id.js";
import { initExtension } from "../src/init/scaffold.js";
import { resolveDepsMode } from "../src/init/deps.js";
import { listTemplateFiles, TEMPLATE_NAMES } from "../src/init/templates.js";
import { CliError } from "../src/errors.js";
import { cli, REPO_ROOT, removeDir, scratchDir } from "./templates-helpers.js";

let scratch: string;
let outside: string;
beforeAll(() => {
  scratch = scratchDir("init");
  outside = mkdtempSync(path.join(os.tmpdir(), "imperal-init-"));
});
afterAll(() => {
  removeDir(scratch);
  removeDir(outside);
});

describe("app ids", () => {
  it("accepts valid ids and explains invalid ones", () => {
    expect(appIdProblem("my-notes")).toBeUndefined();
    expect(appIdProblem("a1")).toBeUndefined();
    expect(appIdProblem("My App")).toMatch(/upper-case/);
    expect(appIdProblem("-x")).toMatch(/start and end/);
    expect(appIdProblem("a/b")).toMatch(/path/);
    expect(appIdProblem("x")).toMatch(/at least 2/);
    expect(appIdProblem("a_b")).toMatch(/lower-case letters, digits and hyphens/);
  });

  it("suggests the closest valid id", () => {
    expect(suggestAppId("My App")).toBe("my-app");
    expect(suggestAppId("-x")).toBe("x-app");
    expect(suggestAppId("Crème Brûlée!!")).toBe("creme-brulee");
    expect(suggestAppId("***")).toBe("my-extension");
    for (const s of ["My App", "-x", "a/b", "__", "Ünïcode Name 2"])
      expect(appIdProblem(suggestAppId(s))).toBeUndefined();
  });

  it("derives a display name of at least 3 characters that is not the app id", () => {
    expect(defaultDisplayName("my-notes")).toBe("My Notes");
    expect(defaultDisplayName("ab")).toBe("Ab Extension");
  });
});

describe("imperal init (CLI binary)", () => {
  it("scaffolds every file the SPEC lists, with a .gitignore that keeps imperal.json", async () => {
    const r = await cli(["init", "my-notes", "--template", "notes"], { cwd: scratch });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(scratch, "my-notes");
    for (const f of [
      "package.json",
      "tsconfig.json",
      "src/index.ts",
      "icon.svg",
      ".gitignore",
      "README.md",
      "test/notes.test.ts",
    ]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    const gitignore = readFileSync(path.join(dir, ".gitignore"), "utf8").split("\n");
    expect(gitignore).toEqual(expect.arrayContaining(["node_modules/", "dist/", ".imperal/"]));
    expect(gitignore.join("\n")).not.toContain("imperal.json");
    const icon = readFileSync(path.join(dir, "icon.svg"), "utf8");
    expect(icon).toMatch(/^<svg [^>]*viewBox="0 0 24 24"/);
    expect(Buffer.byteLength(icon)).toBeLessThan(2048);
    const src = readFileSync(path.join(dir, "src/app.ts"), "utf8");
    expect(src).toContain('new Extension("my-notes"');
    expect(src).toContain('displayName: "My Notes"');
    expect(src).not.toMatch(/__[A-Z_]+__/);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.name).toBe("my-notes");
    expect(pkg.dependencies["@imperal/sdk"]).toBe("workspace:*");
    expect(pkg.devDependencies["@imperal/cli"]).toBe("workspace:*");
    expect(r.stdout).toContain("Next steps");
  });

  it("refuses a non-empty directory unless --force", async () => {
    const dir = path.join(scratch, "busy");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const r = await cli(["init", "busy", "--template", "minimal"], { cwd: scratch });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_INIT_DIR_NOT_EMPTY");
    expect(r.stderr).toContain("--force");
    expect(existsSync(path.join(dir, "package.json"))).toBe(false);

    const forced = await cli(["init", "busy", "--template", "minimal", "--force"], { cwd: scratch });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(path.join(dir, "src/index.ts"))).toBe(true);
  });

  it.each([
    ["My App", "my-app"],
    ["./-x", "x-app"],
    ["a/b", "b-app"],
  ])("rejects the directory name of %s with a suggestion", async (dir, suggestion) => {
    const r = await cli(["init", dir, "--template", "minimal"], { cwd: scratch });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_INIT_APP_ID");
    expect(r.stderr).toContain(`--app-id ${suggestion}`);
    expect(existsSync(path.join(scratch, dir, "package.json"))).toBe(false);
  });

  it("rejects a path given as --app-id, and accepts a valid override", async () => {
    const bad = await cli(["init", "Some Dir", "--template", "minimal", "--app-id", "a/b"], { cwd: scratch });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("never a path");
    expect(bad.stderr).toContain("--app-id a-b");

    const ok = await cli(
      ["--json", "init", "Some Dir", "--template", "minimal", "--app-id", "some-dir", "--display-name", "Some Greeter"],
      { cwd: scratch },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const env = JSON.parse(ok.stdout);
    expect(env).toMatchObject({
      ok: true,
      command: "init",
      app_id: "some-dir",
      display_name: "Some Greeter",
      template: "minimal",
      deps: "workspace",
    });
    expect(readFileSync(path.join(scratch, "Some Dir", "src/index.ts"), "utf8")).toContain('new Extension("some-dir"');
  });

  it("never prompts without a TTY: a missing answer names its flag; --yes takes defaults", async () => {
    const noTemplate = await cli(["init", "quiet"], { cwd: scratch });
    expect(noTemplate.code).toBe(2);
    expect(noTemplate.stderr).toContain("--template");
    const noDir = await cli(["init", "--template", "minimal"], { cwd: scratch });
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain("[dir]");

    const yes = await cli(["init", "quiet", "--yes"], { cwd: scratch });
    expect(yes.code, yes.stderr).toBe(0);
    expect(existsSync(path.join(scratch, "quiet", "src/index.ts"))).toBe(true);
  });

  it("rejects an unknown template and a too-short display name", async () => {
    const t = await cli(["--json", "init", "x1", "--template", "blog"], { cwd: scratch });
    expect(t.code).toBe(2);
    expect(JSON.parse(t.stdout)).toMatchObject({ ok: false, command: "init", error: { code: "E_INIT_TEMPLATE" } });
    const d = await cli(["init", "x2", "--template", "minimal", "--display-name", "X"], { cwd: scratch });
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("E_INIT_DISPLAY_NAME");
  });
});

describe("dependency modes", () => {
  it("outside any workspace, links the checkout the CLI runs from (the packages are on no registry)", () => {
    const r = initExtension({ dir: "plain", template: "minimal", cwd: outside });
    expect(r.deps).toBe("local");
    const pkg = JSON.parse(readFileSync(path.join(outside, "plain", "package.json"), "utf8"));
    expect(pkg.dependencies["@imperal/sdk"]).toBe(`file:${path.join(REPO_ROOT, "packages", "sdk")}`);
  });

  it("uses registry ranges when the CLI is not running from a checkout", () => {
    const mode = resolveDepsMode(path.join(outside, "reg"), undefined, outside, null);
    expect(mode).toEqual({ kind: "registry", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("--local links every @imperal package of the checkout, with npm overrides for transitive workspace: deps", () => {
    const r = initExtension({ dir: "linked", template: "connector", cwd: outside, local: REPO_ROOT });
    expect(r.deps).toBe("local");
    const pkg = JSON.parse(readFileSync(path.join(outside, "linked", "package.json"), "utf8"));
    expect(pkg.dependencies["@imperal/sdk"]).toBe(`file:${path.join(REPO_ROOT, "packages", "sdk")}`);
    expect(pkg.devDependencies["@imperal/cli"]).toBe(`file:${path.join(REPO_ROOT, "packages", "cli")}`);
    for (const name of ["@imperal/sdk", "@imperal/cli", "@imperal/validators", "@imperal/local-kernel"]) {
      expect(pkg.overrides[name]).toMatch(/^file:/);
    }
  });

  it("--local rejects a directory that is not an imperal-ts checkout", () => {
    expect(() => initExtension({ dir: "nope", template: "minimal", cwd: outside, local: outside })).toThrow(CliError);
  });
});

describe("templates", () => {
  it.each(TEMPLATE_NAMES)("%s ships a README, tests, an icon and no generated files", (name) => {
    const files = listTemplateFiles(name);
    expect(files).toEqual(
      expect.arrayContaining(["README.md", "_gitignore", "icon.svg", "package.json", "src/index.ts", "tsconfig.json"]),
    );
    expect(files.some((f) => f.startsWith("test/") && f.endsWith(".test.ts"))).toBe(true);
    expect(files).not.toContain("imperal.json");
  });
});
