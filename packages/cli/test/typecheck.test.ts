// `imperal build` type-checks src/ with the extension's tsconfig (real files, the real CLI binary).
import { describe, it, expect } from "vitest";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { typecheckOnce, createTypechecker } from "../src/build/typecheck.js";
import { builtPrerequisites, runCli, scaffold } from "./dev-helpers.js";

const missing = builtPrerequisites();

describe.skipIf(!!missing)("imperal build type-checks src/", () => {
  it("fails on a type error with file:line, --no-typecheck skips it, and the state is incremental under .imperal/", async () => {
    const dir = scaffold("notes", "tc-build");
    const file = path.join(dir, "src", "functions.ts");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good + '\nexport const wrong: number = "not a number";\n');
    const line = good.split("\n").length + 1;
    const r = await runCli(["--json", "build", dir], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    const env = JSON.parse(r.stdout) as { failed_stage: string; errors: Array<Record<string, unknown>> };
    expect(env.failed_stage).toBe("typecheck");
    expect(env.errors[0]).toMatchObject({ code: "E_BUILD_TYPECHECK", file: "src/functions.ts", line });
    expect(String(env.errors[0]!.message)).toMatch(/TS2322/);
    const human = await runCli(["build", dir], { timeoutMs: 120_000 });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`src/functions.ts:${line}:`);
    const skipped = await runCli(["--json", "build", dir, "--no-typecheck"], { timeoutMs: 120_000 });
    expect(skipped.code).toBe(0);
    expect(existsSync(path.join(dir, ".imperal", "typecheck.tsbuildinfo"))).toBe(true);
    writeFileSync(file, good);
    const clean = typecheckOnce(dir);
    expect(clean).toMatchObject({ ok: true, errorCount: 0 });
    const again = typecheckOnce(dir); // nothing changed: answered from the saved state, no program built
    expect(again.ok).toBe(true);
    expect(again.durationMs).toBeLessThan(Math.max(200, clean.durationMs / 4));
  }, 240_000);

  it("the dev checker keeps one program and re-checks only after a change", () => {
    const dir = scaffold("minimal", "tc-dev");
    const checker = createTypechecker(dir);
    expect(checker.check().errorCount).toBe(0);
    const entry = path.join(dir, "src", "index.ts");
    appendFileSync(entry, '\nexport const n: number = "x";\n');
    const r = checker.check();
    expect(r.errorCount).toBe(1);
    expect(r.errors[0]).toMatchObject({ file: "src/index.ts", code: "E_BUILD_TYPECHECK" });
  }, 120_000);
});
