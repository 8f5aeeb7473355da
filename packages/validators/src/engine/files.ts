/**
 * The extension's files on disk. Two promises: nothing outside the extension root is ever opened (symlinks are not
 * followed out of it; every read re-checks the real path), and nothing is skipped silently — a file left out by a
 * cap, an unreadable one or a link out of the root comes back as a `Skipped` entry the engine reports.
 */
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
/** Caps of the walk; what they leave out is reported (skipped.ts), never dropped silently. */
export const MAX_FILES = 5000;
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
export const MAX_DIR_DEPTH = 20;
/** Past the file cap the walk only lists names (to report them), and stops listing after this many entries. */
const MAX_LISTED = 100_000;

export interface SourceEntry {
  abs: string;
  rel: string;
  size: number;
}

/** A file or directory the validator did not analyse, and why (reported as a CANNOT-VERIFY warning). */
export interface Skipped {
  rel: string;
  reason: "count" | "size" | "depth" | "unreadable" | "outside" | "broken-link";
  detail?: string;
  /** a root config (tsconfig.json, package.json) rather than a source file or directory */
  config?: boolean;
}

/** Is `real` the root itself or inside it (both real paths)? */
export function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/** The extension's source files, sorted and capped so a huge or hostile tree cannot stall validation. */
export function collectSourceFiles(root: string): { entries: SourceEntry[]; skipped: Skipped[]; uncounted: boolean } {
  const realRoot = fs.realpathSync(root);
  const out: SourceEntry[] = [];
  const skipped: Skipped[] = [];
  let listed = 0;
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join("/");
  const walk = (dir: string, depth: number): void => {
    if (listed >= MAX_LISTED) return;
    if (depth > MAX_DIR_DEPTH) {
      skipped.push({ rel: rel(dir), reason: "depth" });
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ rel: rel(dir) || ".", reason: "unreadable", detail: (err as NodeJS.ErrnoException).code });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (listed >= MAX_LISTED) return;
      const abs = path.join(dir, e.name);
      const isSource = SOURCE_EXT.test(e.name) && !SKIP_FILE.test(e.name);
      if (e.isSymbolicLink()) {
        // never followed: a link inside the root is analysed at its target's own path; one out of it is reported
        if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
        let real: string;
        try {
          real = fs.realpathSync(abs);
        } catch {
          if (isSource) skipped.push({ rel: rel(abs), reason: "broken-link" });
          continue;
        }
        if (isInside(realRoot, real)) continue;
        let isDir = false;
        try {
          isDir = fs.statSync(real).isDirectory();
        } catch {
          /* vanished: treated as a file link */
        }
        if (isDir || isSource) skipped.push({ rel: rel(abs), reason: "outside" });
        continue;
      }
      if (e.isDirectory()) {
        if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
        walk(abs, depth + 1);
      } else if (e.isFile() && isSource) {
        listed++;
        if (out.length >= MAX_FILES) {
          skipped.push({ rel: rel(abs), reason: "count" });
          continue;
        }
        let size = 0;
        try {
          size = fs.statSync(abs).size;
        } catch (err) {
          skipped.push({ rel: rel(abs), reason: "unreadable", detail: (err as NodeJS.ErrnoException).code });
          continue;
        }
        if (size > MAX_SOURCE_BYTES) skipped.push({ rel: rel(abs), reason: "size", detail: String(size) });
        else out.push({ abs, rel: rel(abs), size });
      }
    }
  };
  walk(root, 0);
  return { entries: out, skipped, uncounted: listed >= MAX_LISTED };
}

/**
 * Read a file that must lie inside the root: opened without following a final symlink, its directory's real path
 * checked against the root's (so a directory swapped for a link after the walk is not followed either), and its
 * size taken from the open descriptor. Throws on any refusal; the caller reports the file as skipped.
 */
export function readInsideRoot(realRoot: string, abs: string, maxBytes: number): string {
  const realDir = fs.realpathSync(path.dirname(abs));
  if (!isInside(realRoot, realDir)) throw new Error("outside the extension root");
  const fd = fs.openSync(
    path.join(realDir, path.basename(abs)),
    fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0),
  );
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error("not a regular file");
    if (st.size > maxBytes) throw new Error(`${st.size} bytes`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A config file of the root (`tsconfig.json`, `package.json`): its text, nothing when absent, or why it was
 * ignored. A symlink is read only when its target is inside the root; one pointing out of it is never opened.
 */
export function readRootConfig(root: string, name: string, maxBytes: number): { text?: string; skipped?: Skipped } {
  const abs = path.join(root, name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return {};
  }
  let realRoot: string;
  let target = abs;
  try {
    realRoot = fs.realpathSync(root);
    if (st.isSymbolicLink()) target = fs.realpathSync(abs);
  } catch {
    return { skipped: { rel: name, reason: "broken-link", config: true } };
  }
  if (!isInside(realRoot, target)) return { skipped: { rel: name, reason: "outside", config: true } };
  try {
    return { text: readInsideRoot(realRoot, target, maxBytes) };
  } catch (err) {
    const msg = (err as Error).message;
    const reason = /^\d+ bytes$/.test(msg) ? "size" : "unreadable";
    return { skipped: { rel: name, reason, detail: reason === "size" ? msg.split(" ")[0] : msg, config: true } };
  }
}
