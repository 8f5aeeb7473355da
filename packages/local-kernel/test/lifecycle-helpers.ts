// Shared setup of the lifecycle, health and webhook tests: the `life` fixture in a real kernel over HTTP, one state
// dir per test (restarts reuse it), and a read-only look into the kernel database.
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanup, loadKernel, req } from "./helpers.js";

export type K = Awaited<ReturnType<Awaited<ReturnType<typeof loadKernel>>["createKernel"]>>;
export type BootOptions = Partial<Parameters<Awaited<ReturnType<typeof loadKernel>>["createKernel"]>[0]>;

/** Kernels and dirs of one test file, closed and removed by `closeAll`. */
export class Harness {
  private readonly kernels: K[] = [];
  private readonly dirs: string[] = [];

  /** A fresh state dir. */
  stateDir(): string {
    const d = mkdtempSync(join(tmpdir(), "imperal-life-state-"));
    this.dirs.push(d);
    return d;
  }

  /** Boots a kernel on 127.0.0.1 (no periodic health check unless asked). */
  async boot(extensionDir: string, o: BootOptions = {}): Promise<K> {
    const { createKernel } = await loadKernel();
    const k = await createKernel({
      extensionDir,
      stateDir: o.stateDir ?? this.stateDir(),
      port: 0,
      writeDiscovery: false,
      skeletons: { enabled: false },
      users: [{ id: "alice" }, { id: "bob" }],
      ...o,
      limits: { healthIntervalMs: 0, cancelGraceMs: 200, ...(o.limits ?? {}) },
    });
    this.kernels.push(k);
    return k;
  }

  /** Closes every kernel and removes the dirs. */
  async closeAll(): Promise<void> {
    for (const k of this.kernels.splice(0)) await k.close().catch(() => undefined);
    for (const d of this.dirs.splice(0)) cleanup(d);
  }
}

/** A call over HTTP as `user`. */
export function call(k: K, user: string, tool: string, args: unknown = {}) {
  return req(k.url!, k.token, "POST", `/v1/call/${tool}`, { user, body: { args } });
}

/** `POST /v1/users/{target}/{action}` acting as `actor` (default: the target itself). */
export function lifecycleRoute(k: K, action: string, target: string, actor = target) {
  return req(k.url!, k.token, "POST", `/v1/users/${target}/${action}`, { user: actor });
}

/** The `state` tool's data for a user. */
export async function stateOf(k: K, user: string): Promise<any> {
  const r = await call(k, user, "state");
  if (r.status !== 200) throw new Error(`state for ${user}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.results[0].data;
}

/** Runs `f` on a read-only handle of the kernel database. */
export function withDb<T>(stateDir: string, f: (db: Database.Database) => T): T {
  const db = new Database(join(stateDir, "kernel.db"), { readonly: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

/** Audit rows of one tool (any user), oldest first. */
export function auditOf(k: K, tool: string): any[] {
  return k
    .audit(1000, undefined, { includeSkeleton: true })
    .filter((r) => r.tool === tool)
    .reverse();
}

/** Polls until `f` holds (or the time is up). */
export async function until(f: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await f()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
