import { ImperalError, ValidationError, SDK_ERROR_CODES } from "../errors/index.js";
import type { FileInfo, StorageClient } from "../context/types.js";
import type { TestClock } from "./clock.js";

/** Normalises a storage path; rejects absolute paths, `..`, backslashes and empty segments so nothing escapes. */
export function normaliseStoragePath(path: unknown): string {
  if (
    typeof path !== "string" ||
    path === "" ||
    path.length > 512 ||
    path.startsWith("/") ||
    path.includes("\\") ||
    path.includes("\0")
  ) {
    throw new ValidationError(`Storage path "${String(path)}" is not a relative path.`, {
      code: SDK_ERROR_CODES.STORAGE_INVALID_PATH,
      fix: 'Use a relative path like "exports/report.csv".',
    });
  }
  const parts = path.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new ValidationError(`Storage path "${path}" contains an empty, "." or ".." segment.`, {
      code: SDK_ERROR_CODES.STORAGE_INVALID_PATH,
      fix: 'Use a plain relative path like "exports/report.csv".',
    });
  }
  return parts.join("/");
}

/** In-memory per-user file storage. */
export class MemoryStorageBackend {
  private readonly parts = new Map<string, Map<string, { bytes: Uint8Array; info: FileInfo }>>();
  constructor(readonly clock: TestClock) {}

  /** A `ctx.storage` client for one (tenant, user, extension). */
  client(scope: { tenantId: string; userId: string; appId: string }): StorageClient {
    const k = JSON.stringify([scope.tenantId, scope.userId, scope.appId]);
    let files = this.parts.get(k);
    if (!files) {
      files = new Map();
      this.parts.set(k, files);
    }
    const f = files;
    const clock = this.clock;
    return {
      async upload(path, bytes, contentType = "application/octet-stream") {
        const p = normaliseStoragePath(path);
        const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : new Uint8Array(bytes);
        const info: FileInfo = {
          path: p,
          size: data.byteLength,
          contentType,
          createdAt: new Date(clock.now()).toISOString(),
        };
        f.set(p, { bytes: data, info });
        return { ...info };
      },
      async download(path) {
        const e = f.get(normaliseStoragePath(path));
        if (!e) {
          throw new ImperalError(
            SDK_ERROR_CODES.STORAGE_NOT_FOUND,
            `File "${String(path)}" does not exist.`,
            "List files with ctx.storage.list() to find the right path.",
          );
        }
        return new Uint8Array(e.bytes);
      },
      async delete(path) {
        return f.delete(normaliseStoragePath(path));
      },
      async list(prefix = "") {
        if (typeof prefix !== "string") {
          throw new ValidationError("prefix must be a string.", {
            code: SDK_ERROR_CODES.STORAGE_INVALID_PATH,
            fix: 'Use e.g. "exports/".',
          });
        }
        return [...f.values()]
          .filter((e) => e.info.path.startsWith(prefix))
          .map((e) => ({ ...e.info }))
          .sort((a, b) => (a.path < b.path ? -1 : 1));
      },
    };
  }
}
