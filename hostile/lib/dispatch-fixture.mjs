// Builds the kernel's dispatch test extension (packages/local-kernel/test/fixtures/dispatch.ts) into a directory the
// way test/helpers.ts buildFixture does: esbuild bundle to dist/extension.mjs plus the generated imperal.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** Bundles the fixture into `dir` and returns `dir`; the packages must be built. */
export async function buildDispatchFixture(root, dir) {
  const kernelDir = path.join(root, "packages/local-kernel");
  const require = createRequire(path.join(kernelDir, "package.json"));
  const { build } = await import(pathToFileURL(require.resolve("esbuild")).href);
  const sdk = await import(pathToFileURL(path.join(root, "packages/sdk/dist/index.js")).href);
  mkdirSync(path.join(dir, "dist"), { recursive: true });
  const outfile = path.join(dir, "dist", "extension.mjs");
  await build({
    entryPoints: [path.join(kernelDir, "test/fixtures/dispatch.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  const mod = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
  const ext = Object.values(mod).find((v) => sdk.isExtension(v));
  writeFileSync(path.join(dir, "imperal.json"), sdk.serializeManifest(sdk.generateManifest(ext)));
  return dir;
}
