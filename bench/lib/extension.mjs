// What kernel benchmarks share: building a one-file extension (real esbuild, the SDK's real manifest) into a temp
// dir the kernel loads, and the percentile rule every suite reports.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root. */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** `packages/local-kernel` (esbuild and the SDK resolve from here). */
export const kernelDir = path.join(repo, "packages", "local-kernel");

/** Nearest-rank percentile of `xs` (p in 0..100). */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Bundles `source` (TypeScript) into `<dir>/dist/extension.mjs`, writes `imperal.json`; returns the SDK and module. */
export async function buildExtension({ dir, source, name }) {
  const esbuild = createRequire(path.join(kernelDir, "package.json"))("esbuild");
  mkdirSync(path.join(dir, "dist"), { recursive: true });
  const outfile = path.join(dir, "dist", "extension.mjs");
  await esbuild.build({
    stdin: { contents: source, resolveDir: kernelDir, loader: "ts", sourcefile: `${name}.ts` },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  const sdk = await import(pathToFileURL(path.join(repo, "packages", "sdk", "dist", "index.js")).href);
  const mod = await import(pathToFileURL(outfile).href);
  writeFileSync(path.join(dir, "imperal.json"), sdk.serializeManifest(sdk.generateManifest(mod.ext)));
  return { sdk, mod };
}
