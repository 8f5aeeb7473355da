// What keeps a fresh `imperal build` close to the cost of the esbuild bundle itself (SPEC 9 build speed; the
// figures are in bench/suites/build.mjs): a manifest validator generated at cli build time instead of compiled per
// run, a loader worker that starts (and loads the SDK) while esbuild bundles, and the main thread never loading the
// SDK. The command-per-module loading is tested in commands.test.ts.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleExtension, buildExtension, writeBundleFiles } from "../src/build/index.js";
import { generateManifestFromBundle, startManifestLoader, validateManifestSchema } from "../src/build/manifest.js";
import { initExtension } from "../src/init/scaffold.js";
import { removeDir, scratchDir } from "./templates-helpers.js";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(CLI, "package.json"));

let scratch: string;
let dir: string;
beforeAll(() => {
  scratch = scratchDir("build-speed");
  dir = initExtension({ dir: path.join(scratch, "speed-ext"), template: "notes" }).dir;
});
afterAll(() => removeDir(scratch));

describe("generated manifest validator", () => {
  it("the cli build generates it from the SDK's current schema (hash recorded)", () => {
    const generated = require(path.join(CLI, "dist", "build", "manifest-validator.cjs")) as { schemaHash: string };
    const schema = readFileSync(require.resolve("@imperal/sdk/manifest.schema.json"), "utf8");
    expect(generated.schemaHash).toBe(createHash("sha256").update(schema).digest("hex"));
  });

  it("answers exactly like ajv compiling the schema at run time", () => {
    const Ajv2020 = (require("ajv/dist/2020.js") as { default: new (o: object) => { compile(s: unknown): any } })
      .default;
    const schema = JSON.parse(readFileSync(require.resolve("@imperal/sdk/manifest.schema.json"), "utf8"));
    const runtime = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const cases: unknown[] = [
      {},
      { manifest_schema_version: 3, app_id: "Bad Id", tools: [{}] },
      { manifest_schema_version: 2, sdk_version: "x" },
      "not an object",
    ];
    for (const m of cases) {
      const ours = validateManifestSchema(m);
      const ok = runtime(m) as boolean;
      const errors = (runtime.errors ?? []).map(
        (e: { instancePath: string; message?: string; params?: Record<string, unknown> }) =>
          `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
      );
      expect(ours).toEqual({ ok, errors });
    }
  });
});

describe("manifest loader started before the bundle exists", () => {
  it("loads the SDK while esbuild bundles, then imports the bundle and serializes imperal.json itself", async () => {
    const loader = startManifestLoader(dir);
    const bundle = await bundleExtension(dir, { write: false });
    expect(bundle.ok).toBe(true);
    writeBundleFiles(bundle);
    const m = await generateManifestFromBundle(bundle.bundlePath, { extensionDir: dir, loader });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    const sdk = await import("@imperal/sdk");
    expect(m.manifestText).toBe(sdk.serializeManifest(m.manifest as never));
    await expect(loader.load(bundle.bundlePath, 1000)).rejects.toThrow(/one bundle only/);
  });

  it("a build that stops early disposes of its loader (the process is not held open)", async () => {
    const broken = initExtension({ dir: path.join(scratch, "broken-ext"), template: "minimal" }).dir;
    removeDir(path.join(broken, "src"));
    const r = await buildExtension(broken, { validate: false });
    expect(r.errors[0]?.code).toBe("E_BUILD_NO_ENTRY");
  });
});
