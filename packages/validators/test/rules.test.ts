import { afterAll, describe, expect, it } from "vitest";
import { ruleCases, type Example, type Expect } from "./rule-cases.js";
import { HEADER, HEADER_LINES, cleanupTemp, validate, brief } from "./helpers.js";
import { rules } from "../src/index.js";

afterAll(cleanupTemp);

export function filesOf(ex: Example): Record<string, string> {
  const files: Record<string, string> = { ...(ex.files ?? {}) };
  files["src/index.ts"] = HEADER + (ex.body ?? "");
  return files;
}

function expected(ex: Example & { expect: Expect[] }, rule: string, files: Record<string, string>) {
  return ex.expect.map((e) => {
    const file = e.file ?? "src/index.ts";
    const line = e.file ? e.line : e.line + HEADER_LINES;
    const text = files[file] ?? (file === "icon.svg" ? "" : "");
    const lineText = text.split("\n")[line - 1] ?? "";
    const col = lineText.indexOf(e.at);
    if (col < 0) throw new Error(`test bug: "${e.at}" not on ${file}:${line}: ${lineText}`);
    return `${rule} ${e.severity ?? "error"} ${file}:${line}:${col + 1}`;
  });
}

describe("every rule has a failing and a passing case", () => {
  it("covers every rule of SPEC 2 and 7.11", () => {
    const ids = rules.map((r) => r.meta.id).sort();
    expect(ruleCases.map((c) => c.rule).sort()).toEqual(ids);
    expect(ids).toEqual(
      [
        "V13",
        "V14",
        "V15",
        "V16",
        "V17",
        "V18",
        "V19",
        "V20",
        "V21",
        "V22",
        "V23",
        "V24",
        "V25",
        "V26",
        "V27",
        "V28",
        "V29",
        "V30",
        "V31",
        "V32",
        "V33",
        "V34",
        "V35",
        "V36",
        "V37",
        "SKEL-GUARD-1",
        "SKEL-GUARD-2",
        "SKEL-GUARD-3",
        "MANIFEST-SKELETON-1",
        "PARSE",
        "CANNOT-VERIFY",
      ].sort(),
    );
  });

  for (const c of ruleCases) {
    describe(c.rule, () => {
      it(`fails: ${c.title}`, async () => {
        const files = filesOf(c.fail);
        const r = await validate(files);
        expect(brief(r.findings)).toEqual(expected(c.fail, c.rule, files));
        for (const f of r.findings) {
          expect(f.message.length).toBeGreaterThan(5);
          expect(f.fix.length).toBeGreaterThan(5);
        }
      });
      it(`passes: ${c.title}`, async () => {
        const r = await validate(filesOf(c.pass));
        expect(brief(r.findings)).toEqual([]);
        expect(r.ok).toBe(true);
      });
    });
  }
});

describe("rule metadata", () => {
  it("every rule has id, severity, description, docs path and fix text", () => {
    for (const r of rules) {
      expect(r.meta.id).toMatch(/^[A-Z]/);
      expect(["error", "warn"]).toContain(r.meta.severity);
      expect(r.meta.description.length).toBeGreaterThan(20);
      expect(r.meta.docs).toBe(`docs/rules/${r.meta.id}.md`);
      expect(r.meta.fix.length).toBeGreaterThan(10);
    }
  });
});
