import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("./fixtures/types/", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const fixture = `${dir}notes-example.ts`;

function compile(project: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [tsc, "-p", project], { cwd: dir, encoding: "utf8" }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

// The fixture imports "@imperal/sdk" and "@imperal/sdk/testing", i.e. the built dist/ types.
describe("type-level contract (tsc --noEmit against the built package)", () => {
  it("the SPEC 1.1 notes example type-checks and every @ts-expect-error is a real error", () => {
    const r = compile(`${dir}tsconfig.json`);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("without the directives, tsc reports exactly the expected errors on exactly those lines", () => {
    const lines = readFileSync(fixture, "utf8").split("\n");
    const expectedLines: number[] = [];
    const stripped = lines.map((l, i) => {
      if (/^\s*\/\/ @ts-expect-error/.test(l)) {
        expectedLines.push(i + 2); // 1-based line of the statement below the directive
        return "//";
      }
      return l;
    });
    const tmp = `${dir}stripped.tmp.ts`;
    const tmpConfig = `${dir}tsconfig.stripped.tmp.json`;
    writeFileSync(tmp, stripped.join("\n"));
    writeFileSync(tmpConfig, JSON.stringify({ extends: "./tsconfig.json", include: ["stripped.tmp.ts"] }));
    try {
      const r = compile(tmpConfig);
      expect(r.code).not.toBe(0);
      const errorLines = [...r.out.matchAll(/stripped\.tmp\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => Number(m[1]));
      expect([...new Set(errorLines)].sort((a, b) => a - b)).toEqual(expectedLines);
      expect(r.out).toContain("Property 'missing' does not exist on type '{ title: string; body: string; }'");
      expect(r.out).toContain("Property 'skeleton' does not exist on type 'ChatContext'");
      expect(r.out).toContain("Property 'response' is missing");
      expect(r.out).toMatch(/Type 'number' is not assignable to type 'string'/);
    } finally {
      rmSync(tmp, { force: true });
      rmSync(tmpConfig, { force: true });
    }
  });
});
