import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { validateExtension, format, formatJson, formatGithub, formatStylish, toSarif, isOk } from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const violations = path.join(here, "fixtures", "violations");
const clean = path.join(here, "fixtures", "clean-notes");
const require = createRequire(import.meta.url);

describe("json reporter", () => {
  it("prints exactly one object with the SPEC 2 shape, sorted, relative paths", async () => {
    const r = await validateExtension(violations, { env: {} });
    const text = formatJson(r);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.trim().split("\n")).toHaveLength(1);
    const obj = JSON.parse(text);
    expect(Object.keys(obj)).toEqual(["ok", "errorCount", "warningCount", "findings"]);
    expect(obj.ok).toBe(false);
    expect(obj.errorCount).toBe(21);
    expect(obj.warningCount).toBe(3);
    for (const f of obj.findings) {
      expect(Object.keys(f)).toEqual(["rule", "severity", "file", "line", "column", "message", "fix"]);
      expect(f.file).not.toMatch(/\\|^\//);
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.column).toBeGreaterThanOrEqual(1);
    }
    const keys = obj.findings.map((f: { file: string; line: number; column: number; rule: string }) => [
      f.file,
      f.line,
      f.column,
      f.rule,
    ]);
    const sorted = [...keys].sort((a, b) =>
      a[0] !== b[0]
        ? a[0] < b[0]
          ? -1
          : 1
        : a[1] !== b[1]
          ? a[1] - b[1]
          : a[2] !== b[2]
            ? a[2] - b[2]
            : a[3] < b[3]
              ? -1
              : 1,
    );
    expect(keys).toEqual(sorted);
  });

  it("ok honours --max-warnings", async () => {
    const r = { errorCount: 0, warningCount: 3 };
    expect(isOk(r)).toBe(true);
    expect(isOk(r, -1)).toBe(true);
    expect(isOk(r, 3)).toBe(true);
    expect(isOk(r, 2)).toBe(false);
    expect(isOk({ errorCount: 1, warningCount: 0 }, 10)).toBe(false);
  });
});

describe("sarif reporter", () => {
  it("is valid against the official SARIF 2.1.0 schema (shipped in schema/)", async () => {
    const schema = JSON.parse(fs.readFileSync(path.join(here, "..", "schema", "sarif-schema-2.1.0.json"), "utf8"));
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const Ajv = require("ajv").default as new (o: object) => {
      compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
    };
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    for (const dir of [violations, clean]) {
      const r = await validateExtension(dir, { env: {} });
      const log = JSON.parse(format(r, "sarif")) as {
        runs: {
          results: {
            ruleId: string;
            level: string;
            locations: {
              physicalLocation: {
                artifactLocation: { uri: string };
                region: { startLine: number; startColumn: number };
              };
            }[];
          }[];
          tool: { driver: { rules: { id: string; helpUri: string }[] } };
        }[];
      };
      const ok = validate(log);
      expect(validate.errors ?? null).toBe(null);
      expect(ok).toBe(true);
      const run = log.runs[0]!;
      expect(run.results).toHaveLength(r.findings.length);
      for (const rule of run.tool.driver.rules) expect(() => new URL(rule.helpUri)).not.toThrow();
      if (r.findings.length) {
        const first = run.results[0]!;
        expect(first.ruleId).toBe(r.findings[0]!.rule);
        expect(first.locations[0]!.physicalLocation.artifactLocation.uri).toBe(r.findings[0]!.file);
        expect(first.locations[0]!.physicalLocation.region).toEqual({
          startLine: r.findings[0]!.line,
          startColumn: r.findings[0]!.column,
        });
        expect(run.results.map((x) => x.level)).toContain("warning");
      }
    }
    // a broken log is rejected, proving the schema is enforced
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(toSarif).toBeTypeOf("function");
  });
});

describe("github reporter", () => {
  it("prints workflow commands with file, line, col and the rule", async () => {
    const r = await validateExtension(violations, { env: {} });
    const lines = formatGithub(r).trim().split("\n");
    expect(lines).toHaveLength(r.findings.length);
    expect(lines).toContain(
      "::error file=src/functions.ts,line=13,col=3::[V22] console.log in a handler: output bypasses the kernel — fix: use ctx.log(message, level) — the only sanctioned output channel for handlers",
    );
    expect(lines.filter((l) => l.startsWith("::warning ")).length).toBe(3);
    expect(formatGithub({ ...r, findings: [] })).toBe("");
  });

  it("escapes newlines and property separators", () => {
    const out = formatGithub({
      root: "/x",
      ok: false,
      errorCount: 1,
      warningCount: 0,
      files: [],
      extensions: [],
      durationMs: 0,
      findings: [{ rule: "V22", severity: "error", file: "a,b:c.ts", line: 1, column: 2, message: "x\ny%", fix: "" }],
    });
    expect(out).toBe("::error file=a%2Cb%3Ac.ts,line=1,col=2::[V22] x%0Ay%25\n");
  });
});

describe("stylish reporter", () => {
  it("groups by file with line:col, severity, message and rule; summary line", async () => {
    const r = await validateExtension(violations, { env: {} });
    const out = formatStylish(r, { color: false });
    expect(out).toContain('src/panels.ts\n  4:30  error  slot "main" of panel "sidebar" was removed  V30\n');
    expect(out).toContain('fix: use slot: "center"');
    expect(out.trim().split("\n").pop()).toBe("✖ 24 problems (21 errors, 3 warnings)");
    expect(out).not.toMatch(/\x1b\[/);
    const colored = formatStylish(r, { color: true });
    expect(colored).toMatch(/\x1b\[/);
  });

  it("reports a clean run and too many warnings", async () => {
    const r = await validateExtension(clean, { env: {} });
    expect(formatStylish(r, { color: false })).toBe("✔ no problems (5 files checked)\n");
    const warned = { ...r, warningCount: 2, findings: [] };
    expect(formatStylish(warned, { color: false, maxWarnings: 1 })).toContain(
      "too many warnings (2); maximum allowed is 1",
    );
  });
});
