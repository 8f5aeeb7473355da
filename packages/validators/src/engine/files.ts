/** Collect the extension's source files (never following symlinks, never leaving the root). */
import * as fs from "node:fs";
import * as path from "node:path";

export const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP_DIRS = new Set([
  "node_modules",
  "dist",
  "build",
  "out",
  "coverage",
  "test",
  "tests",
  "__tests__",
  "__mocks__",
  "fixtures",
  "bench",
]);
const SKIP_FILE =
  /(\.d\.[mc]?ts$)|(\.(test|spec)\.[^.]+$)|(^(vitest|vite|eslint|jest|tsup|rollup|webpack|esbuild|prettier)\.config\.[^.]+$)/;
export const MAX_FILES = 5000;
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export interface SourceEntry {
  abs: string;
  rel: string;
  size: number;
}

/** The extension's source files, sorted and capped so a huge or hostile tree cannot stall validation. */
export function collectSourceFiles(root: string): SourceEntry[] {
  const out: SourceEntry[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 20 || out.length >= MAX_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isSymbolicLink()) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
        walk(abs, depth + 1);
      } else if (e.isFile() && SOURCE_EXT.test(e.name) && !SKIP_FILE.test(e.name)) {
        let size = 0;
        try {
          size = fs.statSync(abs).size;
        } catch {
          continue;
        }
        out.push({ abs, rel: path.relative(root, abs).split(path.sep).join("/"), size });
        if (out.length >= MAX_FILES) return;
      }
    }
  };
  walk(root, 0);
  return out;
}
