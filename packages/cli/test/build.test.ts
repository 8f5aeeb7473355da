import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  buildExtension,
  checkManifestInvariants,
  createBundler,
  generateManifestFromBundle,
  lineDiff,
  validateManifestSchema,
} from "../src/build/index.js";
import { initExtension } from "../src/init/scaffold.js";
import { cli, removeDir, scratchDir } from "./templates-helpers.js";

let scratch: string;
let base: string;

/** A fresh copy of the scaffolded minimal extension, so every test can break its own. */
function fresh(name: string): string {
  const dir = path.join(scratch, name);
  cpSync(base, dir, { recursive: true });
  return dir;
}
function edit(dir: string, file: string, fn: (s: string) => string): void {
  const p = path.join(dir, file);
  writeFileSync(p, fn(readFileSync(p, "utf8")));
}

beforeAll(() => {
  scratch = scratchDir("build");
  base = initExtension({ dir: path.join(scratch, "base-ext"), template: "minimal" }).dir;
});
afterAll(() => removeDir(scratch));

describe("buildExtension (library)", () => {
  it("bundles, loads in a worker and writes a schema-valid imperal.json, byte-identical on rebuild", async () => {
    const dir = fresh("twice");
    const first = await buildExtension(dir);
    expect(first.errors).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.manifestWritten).toBe(true);
    expect(existsSync(path.join(dir, "dist", "extension.mjs"))).toBe(true);
    expect(existsSync(path.join(dir, "dist", "extension.mjs.map"))).toBe(true);
    const bytes = readFileSync(path.join(dir, "imperal.json"), "utf8");
    const manifest = JSON.parse(bytes);
    expect(validateManifestSchema(manifest).ok).toBe(true);
    expect(manifest).toMatchObject({ manifest_schema_version: 3, app_id: "base-ext", icon: "icon.svg" });
    expect(manifest.icon_size_bytes).toBe(statSync(path.join(dir, "icon.svg")).size);
    expect(first.summary).toMatchObject({ functions: { read: 1, write: 0, destructive: 0 }, skeletons: 0, panels: 0 });
    expect(first.validation).toMatchObject({ errorCount: 0, warningCount: 0 });

    const second = await buildExtension(dir);
    expect(second.ok).toBe(true);
    expect(second.manifestWritten).toBe(false);
    expect(readFileSync(path.join(dir, "imperal.json"), "utf8")).toBe(bytes);
  });

  it("stops on validation errors unless validation is skipped", async () => {
    const dir = fresh("invalid");
    edit(dir, "src/index.ts", (s) =>
      s
        .replace("async (_ctx, p) => ActionResult", "async (_ctx, p) => { console.log(p); return ActionResult")
        .replace("`Greeted ${p.name}`),", "`Greeted ${p.name}`); },"),
    );
    const r = await buildExtension(dir);
    expect(r.ok).toBe(false);
    expect(r.failedStage).toBe("validate");
    expect(r.validation?.findings.map((f) => f.rule)).toContain("V22");
    expect(existsSync(path.join(dir, "imperal.json"))).toBe(false);
    expect((await buildExtension(dir, { validate: false })).ok).toBe(true);
  });

  it("regenerates a committed imperal.json that no longer validates (V14) instead of refusing to build", async () => {
    const dir = fresh("stale");
    expect((await buildExtension(dir)).ok).toBe(true);
    edit(dir, "imperal.json", (s) => s.replace('"app_id": "base-ext"', '"app_id": "Bad Id"'));
    const check = await buildExtension(dir, { check: true });
    expect(check.ok).toBe(false);
    const r = await buildExtension(dir);
    expect(r.ok).toBe(true);
    expect(r.manifestWritten).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, "imperal.json"), "utf8")).app_id).toBe("base-ext");
  });

  it("honours outdir", async () => {
    const dir = fresh("outdir");
    const r = await buildExtension(dir, { outdir: "out/bundle", validate: false });
    expect(r.ok).toBe(true);
    expect(r.bundlePath).toBe(path.join(dir, "out", "bundle", "extension.mjs"));
    expect(existsSync(r.bundlePath)).toBe(true);
  });

  it("reports a missing entry point", async () => {
    const dir = fresh("noentry");
    removeDir(path.join(dir, "src"));
    const r = await buildExtension(dir, { validate: false });
    expect(r.errors[0]?.code).toBe("E_BUILD_NO_ENTRY");
  });
});

describe("createBundler + generateManifestFromBundle (what imperal dev reuses)", () => {
  it("rebuilds incrementally and regenerates the manifest from each bundle", async () => {
    const dir = fresh("incremental");
    const bundler = await createBundler(dir);
    try {
      const a = await bundler.rebuild();
      expect(a.ok).toBe(true);
      const m1 = await generateManifestFromBundle(a.bundlePath, { extensionDir: dir });
      expect(m1.ok).toBe(true);
      if (m1.ok) expect(m1.surface.map((t) => t.name)).toEqual(["greet"]);

      edit(dir, "src/index.ts", (s) => s.replace('"greet",', '"say_hello",'));
      const b = await bundler.rebuild();
      expect(b.ok).toBe(true);
      const m2 = await generateManifestFromBundle(b.bundlePath, { extensionDir: dir });
      expect(m2.ok && m2.surface.map((t) => t.name)).toEqual(["say_hello"]);

      edit(dir, "src/index.ts", (s) => s.replace("export const chat", "export const chat = ;\nconst x"));
      const c = await bundler.rebuild();
      expect(c.ok).toBe(false);
      expect(c.errors[0]).toMatchObject({ code: "E_BUILD_COMPILE", file: "src/index.ts" });
    } finally {
      await bundler.dispose();
    }
  });
});

describe("imperal build (CLI binary), hostile inputs", () => {
  it("prints one summary line from the callable surface and a --json envelope", async () => {
    const dir = fresh("cli-ok");
    const human = await cli(["build", dir]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(
      "callable 1 · functions 1 (read 1, write 0, destructive 0) · skeletons 0 · panels 0",
    );
    expect(human.stdout).not.toMatch(/tools:? 0/i);
    const json = await cli(["--json", "build", dir]);
    expect(json.code).toBe(0);
    const env = JSON.parse(json.stdout);
    expect(env).toMatchObject({
      ok: true,
      command: "build",
      app_id: "base-ext",
      manifest_written: false,
      summary: { tools: 0 },
    });
  });

  it("reports an extension that throws at import with file and line from the source map, exit 1, no stack", async () => {
    const dir = fresh("throws");
    edit(dir, "src/index.ts", (s) =>
      s.replace("const Greeting =", 'if (Math.PI > 3) throw new Error("config missing at import");\nconst Greeting ='),
    );
    const r = await cli(["build", dir, "--no-validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E_BUILD_IMPORT");
    expect(r.stderr).toContain("config missing at import");
    const line =
      readFileSync(path.join(dir, "src/index.ts"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("config missing")) + 1;
    expect(r.stderr).toContain(`src/index.ts:${line}:`);
    expect(r.stderr).not.toMatch(/\n\s+at .*extension\.mjs/);

    const verbose = await cli(["--verbose", "build", dir, "--no-validate"]);
    expect(verbose.stderr).toMatch(/extension\.mjs/);
  });

  it("reports a registration error thrown by the SDK at the author's line", async () => {
    const dir = fresh("badcap");
    edit(dir, "src/index.ts", (s) => s.replace(/capabilities: \[[^\]]*\]/, 'capabilities: ["Not A Scope"]'));
    const r = await cli(["build", dir, "--no-validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("capabilities must look like");
    expect(r.stderr).toMatch(/src\/index\.ts:\d+:\d+/);
  });

  it("reports a syntax error with its location", async () => {
    const dir = fresh("syntax");
    edit(dir, "src/index.ts", (s) => s.replace("const GreetParams = z.object({", "const GreetParams = z.object({{"));
    const r = await cli(["build", dir, "--no-validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E_BUILD_COMPILE");
    expect(r.stderr).toMatch(/src\/index\.ts:\d+:\d+/);
  });

  it("reports a missing Extension export", async () => {
    const dir = fresh("noexport");
    edit(dir, "src/index.ts", (s) =>
      s
        .replace("export const ext =", "const ext =")
        .replace("export const chat", "export const chat2 = 1;\nconst chat"),
    );
    const r = await cli(["build", dir, "--no-validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E_BUILD_NO_EXTENSION");
  });

  it("--check passes on a fresh manifest and fails with a diff on a tampered one, without rewriting it", async () => {
    const dir = fresh("check");
    expect((await cli(["build", dir])).code).toBe(0);
    const ok = await cli(["build", dir, "--check"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("up to date");

    edit(dir, "imperal.json", (s) => s.replace('"version": "0.1.0"', '"version": "9.9.9"'));
    const tampered = readFileSync(path.join(dir, "imperal.json"), "utf8");
    const drift = await cli(["build", dir, "--check"]);
    expect(drift.code).toBe(1);
    expect(drift.stderr).toContain("E_BUILD_MANIFEST_DRIFT");
    expect(drift.stderr).toContain('-  "version": "9.9.9",');
    expect(drift.stderr).toContain('+  "version": "0.1.0",');
    expect(readFileSync(path.join(dir, "imperal.json"), "utf8")).toBe(tampered);

    const json = JSON.parse((await cli(["--json", "build", dir, "--check"])).stdout);
    expect(json).toMatchObject({ ok: false, check: { upToDate: false, missing: false } });
  });
});

describe("lineDiff", () => {
  it("shows removed and added lines with context", () => {
    const d = lineDiff("a\nb\nc\nd\n", "a\nB\nc\nd\n");
    expect(d).toContain("-b\n+B");
    expect(d).toContain(" a\n");
  });
});

describe("manifest invariants", () => {
  it("rejects a params schema that converted to {} (the zod-3/zod-4 mix-up) and accepts z.object({})", () => {
    const tool = (params_schema: unknown) => ({ name: "t", params_schema });
    expect(checkManifestInvariants({ tools: [tool({})] })[0]).toMatchObject({ code: "E_BUILD_EMPTY_SCHEMA" });
    expect(
      checkManifestInvariants({ tools: [tool({ $schema: "https://json-schema.org/draft/2020-12/schema" })] }),
    ).toHaveLength(1);
    expect(
      checkManifestInvariants({ tools: [tool({ type: "object", properties: {}, additionalProperties: false })] }),
    ).toEqual([]);
  });

  it("validates against the SDK's manifest.schema.json", () => {
    expect(validateManifestSchema({ app_id: "Bad Id" }).ok).toBe(false);
  });
});
