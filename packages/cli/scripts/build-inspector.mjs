// Bundles the inspector app (inspector/src, Preact + TSX) into dist/inspector/{index.html,app.js,app.css} with
// esbuild. The bundle ships inside @imperal/cli; preact is only a devDependency. Run by `pnpm build` of the cli.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist", "inspector");
const sdk = path.dirname(createRequire(path.join(root, "package.json")).resolve("@imperal/sdk/package.json"));
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [path.join(root, "inspector", "src", "main.tsx")],
  outfile: path.join(out, "app.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["chrome110", "firefox110", "safari16"],
  minify: true,
  legalComments: "none",
  jsx: "automatic",
  jsxImportSource: "preact",
  // The SDK's UI kit definitions (UI_NODES, sanitizeHtml): plain data and functions, no Node built-ins.
  alias: { "@imperal/sdk/ui": path.join(sdk, "dist", "ui", "index.js") },
  logLevel: "warning",
});
copyFileSync(path.join(root, "inspector", "index.html"), path.join(out, "index.html"));
copyFileSync(path.join(root, "inspector", "app.css"), path.join(out, "app.css"));

const gz = ["app.js", "app.css", "index.html"].reduce(
  (n, f) => n + gzipSync(readFileSync(path.join(out, f))).length,
  0,
);
const raw = statSync(path.join(out, "app.js")).size;
process.stdout.write(
  `inspector: app.js ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped (js+css+html)\n`,
);
