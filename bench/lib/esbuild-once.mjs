// The bench baseline "a bare esbuild bundle in a fresh process": node starts, loads esbuild and bundles one entry
// with exactly the options `imperal build` uses (passed as JSON by bench/suites/build.mjs), then exits.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "packages", "cli");
const esbuild = createRequire(path.join(cliRoot, "package.json"))("esbuild");
const result = await esbuild.build({ ...JSON.parse(process.argv[2]), outfile: process.argv[3] });
if (result.errors.length) process.exit(1);
