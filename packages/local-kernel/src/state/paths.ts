// How ids become directory names under the state dir, and the 0600/0700 rule for everything the kernel keeps there.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

/** errno codes meaning "it is not there" (a file removed between readdir and chmod, a WAL not created yet). */
const MISSING = new Set(["ENOENT"]);
const isMissing = (e: unknown): boolean => MISSING.has(String((e as NodeJS.ErrnoException)?.code));

/** Mode of every directory under the state dir. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file under the state dir (database, WAL, SHM, log, storage). */
export const PRIVATE_FILE_MODE = 0o600;

/** Longest directory name {@link pathSegment} emits before switching to the hashed form (below NAME_MAX 255). */
export const MAX_SEGMENT_CHARS = 200;
/** Starts the hashed form; `~` never appears in the escaped form, so the two forms cannot meet. */
export const HASHED_SEGMENT_MARKER = "~";

/**
 * The directory name of an id (tenant, user or app): an **injective**, case-safe escaping. `a-z 0-9 -` stay as
 * they are; every other UTF-16 code unit becomes `_xx` (below 0x100) or `_uxxxx`, lowercase hex. The output
 * alphabet is `a-z 0-9 _ -`, so no name is `.`/`..`, none contains `/`, and two ids that differ only in case
 * (`Alice`/`alice`) differ on case-insensitive file systems too. Escaped names longer than
 * {@link MAX_SEGMENT_CHARS} become `~` + the full SHA-256 hex of the id (the only non-injective step, at 2^-128).
 */
export function pathSegment(id: string): string {
  let out = "";
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) out += id[i];
    else if (c < 0x100) out += "_" + c.toString(16).padStart(2, "0");
    else out += "_u" + c.toString(16).padStart(4, "0");
    if (out.length > MAX_SEGMENT_CHARS) break;
  }
  if (id.length === 0 || out.length > MAX_SEGMENT_CHARS)
    return HASHED_SEGMENT_MARKER + createHash("sha256").update(id, "utf16le").digest("hex");
  return out;
}

/** Inverse of {@link pathSegment} for the escaped form (undefined for a hashed or foreign name); used by tests and tools. */
export function segmentToId(name: string): string | undefined {
  let out = "";
  for (let i = 0; i < name.length;) {
    const ch = name[i]!;
    if (/[a-z0-9-]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    if (ch !== "_") return undefined;
    const wide = name[i + 1] === "u";
    const hex = wide ? name.slice(i + 2, i + 6) : name.slice(i + 1, i + 3);
    if (!/^[0-9a-f]+$/.test(hex) || hex.length !== (wide ? 4 : 2)) return undefined;
    const code = parseInt(hex, 16);
    // Only the shortest form is valid, so each id has exactly one name (`_u0041` is not "A").
    if (wide !== code >= 0x100 || (!wide && /[a-z0-9-]/.test(String.fromCharCode(code)))) return undefined;
    out += String.fromCharCode(code);
    i += wide ? 6 : 3;
  }
  return name.length ? out : undefined;
}

/** Creates `dir` (and parents) and forces it to 0700 even when it already existed with a wider mode. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty with 0600 when missing (no window with a wider mode), else forces it to 0600. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Forces 0600 on an existing file; a missing one is fine (SQLite creates WAL/SHM lazily). */
export function privateIfExists(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
}

/**
 * Walks a tree and forces 0700 on directories and 0600 on files, whatever an earlier version or another tool left.
 * Symlinks are neither followed nor changed (chmod would follow them out of the tree).
 */
export function securePrivateTree(root: string): void {
  const walk = (dir: string): void => {
    chmodSync(dir, PRIVATE_DIR_MODE);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      try {
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && (lstatSync(p).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(p, PRIVATE_FILE_MODE);
      } catch (err) {
        if (!isMissing(err)) throw err; // removed while we walked: nothing to protect
      }
    }
  };
  walk(root);
}
