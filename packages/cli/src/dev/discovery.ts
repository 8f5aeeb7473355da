import { mkdirSync, writeFileSync, chmodSync, readFileSync, unlinkSync, existsSync, renameSync } from "node:fs";
import path from "node:path";

/** What `imperal dev` publishes in `.imperal/dev.json` so `imperal chat` and tools can find it. */
export interface DiscoveryInfo {
  url: string;
  port: number;
  token: string;
  pid: number;
  dir: string;
  started_at: string;
  /** Users of the kernel; the first one acts when `imperal chat` gets no --user. */
  users?: string[];
  version: 1;
}

/** The discovery file's path for an extension directory. */
export function discoveryPath(extensionDir: string): string {
  return path.join(extensionDir, ".imperal", "dev.json");
}

/** Write the discovery file with mode 0600 (the token is a credential for the local kernel). */
export function writeDiscovery(
  extensionDir: string,
  info: Omit<DiscoveryInfo, "version" | "started_at"> & { started_at?: string },
): string {
  const file = discoveryPath(extensionDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const body: DiscoveryInfo = {
    version: 1,
    started_at: info.started_at ?? new Date().toISOString(),
    ...info,
  } as DiscoveryInfo;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(body, null, 2) + "\n", { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file); // atomic: a reader never sees a half-written file
  return file;
}

/** Remove the discovery file, but only if it still belongs to this process (a newer `imperal dev` may own it). */
export function removeDiscovery(extensionDir: string, pid = process.pid): void {
  const file = discoveryPath(extensionDir);
  try {
    const cur = JSON.parse(readFileSync(file, "utf8")) as Partial<DiscoveryInfo>;
    if (cur.pid !== undefined && cur.pid !== pid) return;
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** Read and parse one discovery file; null when missing or unreadable. */
export function readDiscovery(file: string): DiscoveryInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, "utf8")) as DiscoveryInfo;
    if (typeof v?.port !== "number" || typeof v?.token !== "string") return null;
    return v;
  } catch {
    return null;
  }
}

/** True when a process with this pid exists (signal 0 probes without sending anything). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Result of looking for a running dev kernel from a directory upwards. */
export interface FoundKernel {
  file: string;
  info: DiscoveryInfo;
  stale: boolean;
}

/** Walk up from `startDir` to the filesystem root looking for `.imperal/dev.json`; the first live one wins. */
export function findDiscovery(startDir: string): FoundKernel | null {
  let dir = path.resolve(startDir);
  let firstStale: FoundKernel | null = null;
  for (;;) {
    const file = discoveryPath(dir);
    if (existsSync(file)) {
      const info = readDiscovery(file);
      if (info) {
        const stale = !pidAlive(info.pid);
        if (!stale) return { file, info, stale };
        firstStale ??= { file, info, stale };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return firstStale;
    dir = parent;
  }
}
