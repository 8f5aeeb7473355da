import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { build, transform } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { callableSurface, executeTool, generateManifest, isExtension } from "../src/index.js";
import { createTestContext } from "../src/testing/index.js";

const out = mkdtempSync(join(tmpdir(), "imperal-sdk-esbuild-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("class method decorators bundle with esbuild", () => {
  it("bundles @chat.fn / @ext.* classes (ESM, node20) and the bundle's registry is readable by this SDK copy", async () => {
    const outfile = join(out, "extension.mjs");
    const result = await build({
      entryPoints: [fileURLToPath(new URL("./fixtures/class-ext/index.ts", import.meta.url))],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outfile,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const mod = (await import(pathToFileURL(outfile).href)) as { ext: unknown };
    // the bundle carries its own SDK copy: brand + registry symbol are what connect them
    expect(isExtension(mod.ext)).toBe(true);
    expect(callableSurface(mod.ext).map((t) => `${t.kind}:${t.name}`)).toEqual([
      "chat_function:create_note",
      "skeleton_refresh:skeleton_refresh_notes",
      "tool:export_notes",
      "panel:__panel__sidebar",
    ]);
    const ctx = createTestContext({ ext: mod.ext });
    const created = await executeTool(mod.ext, "create_note", { title: "From bundle" }, ctx);
    expect(created).toMatchObject({ ok: true, result: { status: "success", summary: 'Created "From bundle"' } });
    const exported = await executeTool(mod.ext, "export_notes", {}, ctx);
    expect(exported).toMatchObject({ ok: true, result: { data: [{ title: "From bundle" }] } });
    const manifest = generateManifest(mod.ext);
    expect(manifest.tools[0].params_schema).toMatchObject({ properties: { title: { type: "string", minLength: 1 } } });
  });

  it("esbuild rejects @chat.function(...) in decorator position, which is why chat.fn exists", async () => {
    const src = `class A { @chat.function("x", {}) m() {} }`;
    await expect(transform(src, { loader: "ts", target: "es2022" })).rejects.toThrow();
    await expect(
      transform(`class A { @(chat.function("x", {})) m() {} }`, { loader: "ts", target: "es2022" }),
    ).resolves.toBeTruthy();
    await expect(
      transform(`class A { @chat.fn("x", {}) m() {} }`, { loader: "ts", target: "es2022" }),
    ).resolves.toBeTruthy();
  });
});
