// Builds a test extension for the hostile classes the way packages/local-kernel/test/helpers.ts buildFixture does:
// an esbuild bundle in <dir>/dist/extension.mjs plus the imperal.json the SDK generates from it. The packages must
// be built (`pnpm test:hostile` builds first).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * Bundles one kernel test fixture (`fixture`: a file name under packages/local-kernel/test/fixtures) or an inline
 * TypeScript `source` into `dir`; returns `dir`.
 */
export async function buildExtension(root, dir, { fixture, source } = {}) {
  const kernelDir = path.join(root, "packages/local-kernel");
  const require = createRequire(path.join(kernelDir, "package.json"));
  const { build } = await import(pathToFileURL(require.resolve("esbuild")).href);
  const sdk = await import(pathToFileURL(path.join(root, "packages/sdk/dist/index.js")).href);
  mkdirSync(path.join(dir, "dist"), { recursive: true });
  const outfile = path.join(dir, "dist", "extension.mjs");
  await build({
    ...(source !== undefined
      ? { stdin: { contents: source, resolveDir: kernelDir, loader: "ts", sourcefile: "hostile.ts" } }
      : { entryPoints: [path.join(kernelDir, "test/fixtures", fixture)] }),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "silent",
    define: { __BUILD_TAG__: '"hostile"' },
  });
  const mod = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
  const ext = Object.values(mod).find((v) => sdk.isExtension(v));
  writeFileSync(path.join(dir, "imperal.json"), sdk.serializeManifest(sdk.generateManifest(ext)));
  return dir;
}
