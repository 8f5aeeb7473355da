import { promises as fsp, realpathSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { dirname, join, relative, resolve, sep } from "node:path";
import { clientError } from "../errors.js";
import { ensurePrivateDir, pathSegment, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../state/paths.js";
import type { ClientScope } from "./scope.js";

/** Largest file ctx.storage accepts. */
export const STORAGE_MAX_BYTES = 25 * 1024 * 1024;

function bad(
  message: string,
  fix = 'Use a relative path like "reports/2026.pdf" (no .., no leading /, no backslashes).',
): Error {
  return clientError("ValidationError", "STORAGE_INVALID_PATH", message, fix);
}

/** Validates a storage path and returns its normalised segments. */
export function checkStoragePath(p: unknown, allowEmpty = false): string[] {
  if (typeof p !== "string") throw bad(`Storage path must be a string (got ${typeof p}).`);
  if (p === "" && allowEmpty) return [];
  if (p.length === 0 || p.length > 512) throw bad("Storage path must be 1-512 characters.");
  if (p.includes("\0") || p.includes("\\")) throw bad(`Storage path ${JSON.stringify(p)} contains a NUL or backslash.`);
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) throw bad(`Storage path ${JSON.stringify(p)} is absolute.`);
  const segs = p.split("/").filter((s, i, a) => !(s === "" && i === a.length - 1 && allowEmpty));
  for (const s of segs) {
    if (s === "" || s === "." || s === "..")
      throw bad(`Storage path ${JSON.stringify(p)} has an empty, "." or ".." segment.`);
    if (s.startsWith(".imperal-meta")) throw bad(`Storage path ${JSON.stringify(p)} uses a reserved name.`);
  }
  return segs;
}

export interface StoredFile {
  path: string;
  size: number;
  contentType: string;
  createdAt: string;
}

/** The storage root of one (tenant, user, app): injective in the triple (state/paths.ts `pathSegment`). */
export function storageRoot(stateDir: string, scope: ClientScope): string {
  return join(
    resolve(stateDir),
    "storage",
    pathSegment(scope.tenantId),
    pathSegment(scope.userId),
    pathSegment(scope.appId),
  );
}

/**
 * Per-user file storage under `<stateDir>/storage/<tenant>/<user>/<app>/`: user files in `files/`, content types
 * in `.imperal-meta/`, uploads in flight in `.imperal-tmp/` (siblings of `files/`, so no user path can name them
 * and `list()` needs no filter). Directories are 0700 and files 0600.
 */
export class FileStorage {
  private readonly root: string;
  private prepared = false;
  constructor(stateDir: string, scope: ClientScope) {
    this.root = storageRoot(stateDir, scope);
  }

  private filesDir(): string {
    return join(this.root, "files");
  }
  private metaDir(): string {
    return join(this.root, ".imperal-meta");
  }
  private tmpDir(): string {
    return join(this.root, ".imperal-tmp");
  }

  /** Creates the user's directories once per instance, forcing 0700 on ones an older run left wider. */
  private prepare(): void {
    if (this.prepared) return;
    for (const d of [this.filesDir(), this.metaDir(), this.tmpDir()]) ensurePrivateDir(d);
    this.prepared = true;
  }

  /** Writes `buf` to `full` atomically: a 0600 temp file outside `files/`, then rename (same file system). */
  private async writeAtomic(full: string, buf: Buffer | string): Promise<void> {
    const tmp = join(this.tmpDir(), `${process.pid}-${randomBytes(8).toString("hex")}`);
    try {
      await fsp.writeFile(tmp, buf, { mode: PRIVATE_FILE_MODE, flag: "wx" });
      await fsp.rename(tmp, full);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
  }

  /** Resolves a validated path, refusing anything (including symlinks) that leaves the user's root. */
  private resolveInside(segs: string[]): string {
    this.prepare();
    const base = this.filesDir();
    const full = resolve(base, ...segs);
    const rel = relative(base, full);
    if (rel.startsWith("..") || rel.startsWith(sep) || resolve(base, rel) !== full)
      throw bad("Storage path escapes the user's storage root.");
    // Walk existing ancestors: a symlink anywhere must still resolve inside the root.
    const realBase = realpathSync(base);
    let cur = full;
    while (cur.length >= base.length) {
      try {
        const real = realpathSync(cur);
        if (real !== realBase && !real.startsWith(realBase + sep))
          throw bad("Storage path resolves outside the user's storage root.");
        break;
      } catch (e) {
        if ((e as { code?: string }).code === "STORAGE_INVALID_PATH") throw e;
        cur = dirname(cur);
      }
    }
    return full;
  }

  private metaPath(segs: string[]): string {
    return join(this.metaDir(), createHash("sha256").update(segs.join("/")).digest("hex") + ".json");
  }

  /** Writes a file (bytes or UTF-8 text) with its content type. */
  async upload(
    path: string,
    bytes: Uint8Array | ArrayBuffer | string,
    contentType = "application/octet-stream",
  ): Promise<StoredFile> {
    const segs = checkStoragePath(path);
    let buf: Buffer;
    if (typeof bytes === "string") buf = Buffer.from(bytes, "utf8");
    else if (bytes instanceof Uint8Array) buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    else if (bytes instanceof ArrayBuffer) buf = Buffer.from(bytes);
    else
      throw clientError(
        "ValidationError",
        "STORAGE_INVALID_ARGUMENT",
        "upload() needs bytes (Uint8Array) or a string.",
        "Pass a Uint8Array or string as the second argument.",
      );
    if (buf.byteLength > STORAGE_MAX_BYTES)
      throw clientError(
        "ValidationError",
        "STORAGE_TOO_LARGE",
        `File is ${buf.byteLength} bytes; the limit is ${STORAGE_MAX_BYTES}.`,
        "Upload a smaller file.",
      );
    if (typeof contentType !== "string" || contentType.length > 200)
      throw clientError(
        "ValidationError",
        "STORAGE_INVALID_ARGUMENT",
        "contentType must be a string.",
        'Pass a MIME type such as "text/plain".',
      );
    const full = this.resolveInside(segs);
    await fsp.mkdir(dirname(full), { recursive: true, mode: PRIVATE_DIR_MODE });
    await this.writeAtomic(full, buf);
    const meta: StoredFile = {
      path: segs.join("/"),
      size: buf.byteLength,
      contentType,
      createdAt: new Date().toISOString(),
    };
    await this.writeAtomic(this.metaPath(segs), JSON.stringify(meta));
    return meta;
  }

  /** Reads a file's bytes; STORAGE_NOT_FOUND when missing. */
  async download(path: string): Promise<Uint8Array> {
    const segs = checkStoragePath(path);
    const full = this.resolveInside(segs);
    let buf: Buffer;
    try {
      buf = await fsp.readFile(full);
    } catch {
      throw clientError(
        "ImperalError",
        "STORAGE_NOT_FOUND",
        `No file at ${JSON.stringify(segs.join("/"))}.`,
        "List files with ctx.storage.list() and download an existing path.",
      );
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Deletes a file; true when it existed. */
  async delete(path: string): Promise<boolean> {
    const segs = checkStoragePath(path);
    const full = this.resolveInside(segs);
    try {
      await fsp.unlink(full);
    } catch {
      return false;
    }
    await fsp.rm(this.metaPath(segs), { force: true });
    return true;
  }

  /** Lists files whose path starts with `prefix`, sorted by path. */
  async list(prefix = ""): Promise<StoredFile[]> {
    if (typeof prefix !== "string") throw bad("list() prefix must be a string.");
    if (prefix.includes("..") || prefix.startsWith("/") || prefix.includes("\\") || prefix.includes("\0"))
      throw bad(`Invalid list prefix ${JSON.stringify(prefix)}.`);
    const base = this.filesDir();
    const out: StoredFile[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) {
          const rel = relative(base, full).split(sep).join("/");
          if (!rel.startsWith(prefix)) continue;
          const st = await fsp.stat(full);
          let contentType = "application/octet-stream";
          try {
            contentType =
              JSON.parse(await fsp.readFile(this.metaPath(rel.split("/")), "utf8")).contentType ?? contentType;
          } catch {
            /* default */
          }
          out.push({ path: rel, size: st.size, contentType, createdAt: st.mtime.toISOString() });
        }
      }
    };
    await walk(base);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Removes every file of this user (uninstall). */
  async purge(): Promise<void> {
    await fsp.rm(this.root, { recursive: true, force: true });
    this.prepared = false;
  }
}
