// Part of the sdk build: the published entry points (`@imperal/sdk`, `/guards`, `/testing`, `/conformance`,
// `/patterns`) as one ES module graph of a few files, bundled from tsc's output with esbuild. Node 20 pays per module
// loaded (resolve, read, compile): the ~85 modules of the SDK and zod-to-json-schema cost every extension worker
// ~20 ms of CPU before it can load a build. Code splitting keeps one copy of each module across the entry points, so
// classes and brands are shared; zod (a peer) stays an import, so the SDK and the extension use the author's zod.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => path.join(root, "dist", p);

rmSync(dist("bundle"), { recursive: true, force: true }); // chunk names carry hashes: no stale chunk may ship

await build({
  entryPoints: {
    index: dist("index.js"),
    guards: dist("guards/index.js"),
    testing: dist("testing/index.js"),
    conformance: dist("conformance/index.js"),
    patterns: dist("patterns.js"),
  },
  outdir: dist("bundle"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["zod", "zod/*"],
  // tsc's source maps are chained: stacks through the bundle point at src/*.ts.
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  // Class and function names survive bundling (error names, stack frames).
  keepNames: true,
  logLevel: "warning",
});
