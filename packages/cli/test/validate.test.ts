import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, "..", "bin", "imperal.mjs");
const fixtures = path.join(here, "..", "..", "validators", "test", "fixtures");
const violations = path.join(fixtures, "violations");
const clean = path.join(fixtures, "clean-notes");
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function run(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? here,
    encoding: "utf8",
    env: {
      ...process.env,
      NO_COLOR: "1",
      FORCE_COLOR: "",
      IMPERAL_AUTHOR_ID: "",
      IMPERAL_FIRSTPARTY_AUTHOR_IDS: "",
      ...opts.env,
    },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function warnOnlyExt(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-cli-val-"));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, "src"));
  fs.copyFileSync(path.join(clean, "icon.svg"), path.join(dir, "icon.svg"));
  fs.writeFileSync(
    path.join(dir, "src", "index.ts"),
    `import { Extension } from "@imperal/sdk";
export const ext = new Extension("notes", { version: "1.0.0", displayName: "Notes", description: "Create, organize and search your notes with the help of AI.", icon: "icon.svg", capabilities: ["notes:read"] });
ext.tool("refresh_counts", { description: "Recount." }, async () => ({ response: "" }));
ext.tool("alert_counts", { description: "Alert." }, async () => "");
`,
  );
  return dir;
}

describe("imperal validate", () => {
  it("exits 0 on a clean extension and prints a stylish summary", () => {
    const r = run(["validate", clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("✔ no problems (5 files checked)\n");
  });

  it("defaults to the current directory", () => {
    const r = run(["validate"], { cwd: clean });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no problems");
  });

  it("exits 1 with findings; stylish groups by file", () => {
    const r = run(["validate", violations]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("src/functions.ts\n");
    expect(r.stdout).toContain("13:3");
    expect(r.stdout).toContain("V22");
    expect(r.stdout.trim().split("\n").pop()).toBe("✖ 24 problems (21 errors, 3 warnings)");
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it("--format json prints exactly one object with sorted findings", () => {
    const r = run(["validate", violations, "--format", "json"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const obj = JSON.parse(lines[0]!);
    expect(obj).toMatchObject({ ok: false, errorCount: 21, warningCount: 3 });
    expect(obj.findings).toHaveLength(24);
    expect(obj.findings[0]).toEqual({
      rule: "V21",
      severity: "error",
      file: "icon.svg",
      line: 3,
      column: 3,
      message: "icon contains a <script> element",
      fix: "remove scripts from the icon",
    });
    expect(obj.findings.map((f: { rule: string }) => f.rule)).toContain("SKEL-GUARD-2");
  });

  it("--json is the --format json object plus the SPEC 3 envelope's command (global flag before or after)", () => {
    const a = run(["validate", violations, "--json"]);
    const b = run(["--json", "validate", violations]);
    const c = run(["validate", violations, "--format", "json"]);
    expect(a.code).toBe(1);
    const plain = JSON.parse(c.stdout);
    expect(Object.keys(plain)).toEqual(["ok", "errorCount", "warningCount", "findings"]);
    expect(JSON.parse(a.stdout)).toEqual({ ...plain, command: "validate" });
    expect(JSON.parse(b.stdout)).toEqual({ ...plain, command: "validate" });
  });

  it("--format sarif and --format github", () => {
    const s = run(["validate", violations, "--format", "sarif"]);
    expect(s.code).toBe(1);
    const log = JSON.parse(s.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toHaveLength(24);
    const g = run(["validate", violations, "--format", "github"]);
    expect(g.code).toBe(1);
    const lines = g.stdout.trim().split("\n");
    expect(lines).toHaveLength(24);
    expect(lines).toContain(
      '::error file=src/panels.ts,line=4,col=30::[V30] slot "main" of panel "sidebar" was removed — fix: use slot: "center"',
    );
  });

  it("--max-warnings: warnings alone pass, more than N fail", () => {
    const dir = warnOnlyExt();
    const ok = run(["validate", dir, "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, errorCount: 0, warningCount: 2 });
    expect(run(["validate", dir, "--max-warnings", "2"]).code).toBe(0);
    const over = run(["validate", dir, "--max-warnings", "1", "--json"]);
    expect(over.code).toBe(1);
    expect(JSON.parse(over.stdout).ok).toBe(false);
    expect(run(["validate", dir, "--max-warnings", "0"]).stdout).toContain(
      "too many warnings (2); maximum allowed is 0",
    );
  });

  it("usage errors exit 2", () => {
    const missing = run(["validate", path.join(os.tmpdir(), "definitely-not-here-imperal")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("directory not found");
    const missingJson = run(["validate", "/definitely/not/here", "--json"]);
    expect(missingJson.code).toBe(2);
    expect(JSON.parse(missingJson.stdout)).toMatchObject({
      ok: false,
      command: "validate",
      error: { code: "E_NO_DIR" },
    });
    expect(run(["validate", clean, "--format", "xml"]).code).toBe(2);
    expect(run(["validate", clean, "--max-warnings", "many"]).code).toBe(2);
    expect(run(["validate", clean, "--json", "--format", "sarif"]).code).toBe(2);
    expect(run(["validate", clean, "--no-such-flag"]).code).toBe(2);
  });

  it("run from a deleted working directory: a coded usage error, not a stack trace", () => {
    // the shell enters the temp dir, removes it, then execs the CLI there: the child starts with a dead cwd
    const fromDeletedDir = (args: string[]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-cli-gone-"));
      const r = spawnSync(
        "/bin/sh",
        ["-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "sh", dir, process.execPath, bin, ...args],
        { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 },
      );
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const plain = fromDeletedDir(["validate"]);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe("");
    expect(plain.stderr).toMatch(/^error E_NO_CWD: the current working directory no longer exists/);
    expect(plain.stderr).toMatch(/\n {2}fix: cd into an existing directory/);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    const json = fromDeletedDir(["validate", "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      command: "validate",
      error: { code: "E_NO_CWD", fix: expect.stringMatching(/\S/) },
    });
  });

  it("a file is not a directory (usage error)", () => {
    expect(run(["validate", path.join(clean, "icon.svg")]).code).toBe(2);
  });

  it("FORCE_COLOR turns colour on for stylish", () => {
    const r = run(["validate", violations], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\x1b\[/);
  });
});
