#!/usr/bin/env node
// Part of the cli build: ship the repo's templates/ inside the package (dist/templates) so `imperal init` works offline.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkgRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.resolve(pkgRoot, "..", "..", "templates");
const dest = path.join(pkgRoot, "dist", "templates");
if (!existsSync(src)) {
  console.error(`copy-templates: ${src} not found`);
  process.exit(1);
}
rmSync(dest, { recursive: true, force: true });
const skip = new Set(["node_modules", "dist", ".imperal", "imperal.json"]);
cpSync(src, dest, { recursive: true, filter: (p) => !skip.has(path.basename(p)) });
