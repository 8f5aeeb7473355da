import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KernelError } from "../errors.js";
import type { EventBus } from "../events.js";
import type { KernelLog } from "../log.js";
import type { ReadyInfo } from "./protocol.js";
import { WorkerHandle, type RpcHandler, type SideChannel } from "./handle.js";
import { BuildWorkers, sha, type WorkerLease } from "./pool.js";

/**
 * When the host keeps a pre-warmed spare worker (SDK + zod already imported) for the next load:
 * `off` never; `lazy` (default) after the first reload, so a kernel that is never reloaded never pays for one;
 * `eager` right after the first load too (the dev loop, where a reload is expected soon).
 */
export type SpareMode = "off" | "lazy" | "eager";

/** A check of a loaded build before it is swapped in; an error keeps the old build serving. */
export type BuildCheck = (
  info: ReadyInfo,
  buildId: string,
) =>
  | Promise<{ code: string; message: string; fix: string } | undefined>
  | { code: string; message: string; fix: string }
  | undefined;

/** Delay before a new spare starts (once the last one was handed a build, or after a swap without one). */
const SPARE_DELAY_MS = 0;

/** What `/v1/health` reports about the loaded build. */
export interface BuildStatus {
  id: string | null;
  loaded_at: string | null;
  error?: { code: string; message: string; at: string };
}

/** Options of {@link ExtensionHost}. */
export interface ExtensionHostOptions {
  /** Holds `dist/extension.mjs`. */
  extensionDir: string;
  /** Serves ctx-client RPCs of running calls. */
  onRpc: RpcHandler;
  /** Receives `ctx.log` / `ctx.progress` messages. */
  onSide: SideChannel;
  events: EventBus;
  drainMs: number;
  readyTimeoutMs: number;
  spare?: SpareMode;
  checkBuild?: BuildCheck;
  log: KernelLog;
  /** Heap + off-heap bound of each worker, MiB. */
  memoryLimitMb: number;
  /** Most workers serving one build at once (one user per worker at a time). */
  maxWorkers: number;
  /** A user waiting this long for a free worker gets an extra one. */
  burstAfterMs: number;
  /** An extra worker idle this long is ended. */
  workerIdleMs: number;
  /** How long a retired worker gets to answer a ping. */
  pingMs: number;
}

/**
 * Owns the workers of the current build: loads, hot-swaps (new worker ready -> swap -> drain old -> terminate),
 * retires a stuck worker, and makes calls that arrive during a swap wait for the new build.
 */
export class ExtensionHost {
  /** The workers of the serving build. */
  pool: BuildWorkers | undefined;
  info: ReadyInfo | undefined;
  status: BuildStatus = { id: null, loaded_at: null };
  private chain: Promise<unknown> = Promise.resolve();
  private swaps = 0;
  private closed = false;
  /** At most one pre-warmed worker, not yet holding a build. */
  private spare: WorkerHandle | undefined;
  private spareTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ExtensionHostOptions) {}

  /** Path of the built bundle. */
  bundlePath(): string {
    return join(this.opts.extensionDir, "dist", "extension.mjs");
  }

  /** Loads the current build from disk and swaps it in; a failing build leaves the old one serving. */
  reload(reason = "reload"): Promise<{ ok: true; buildId: string } | { ok: false; error: KernelError }> {
    this.swaps++;
    const run = async () => {
      try {
        return await this.swapIn(reason);
      } finally {
        this.swaps--;
        const mode = this.opts.spare ?? "lazy";
        if (mode === "eager" || (mode === "lazy" && reason !== "start")) this.scheduleSpare();
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  private async swapIn(reason: string): Promise<{ ok: true; buildId: string } | { ok: false; error: KernelError }> {
    if (this.closed)
      return {
        ok: false,
        error: new KernelError("KERNEL_CLOSED", "The kernel is closed.", "Create a new kernel.", 503),
      };
    const bundle = this.bundlePath();
    if (!existsSync(bundle)) {
      return this.fail(
        new KernelError(
          "BUILD_MISSING",
          `No built extension at ${bundle}.`,
          "Run `imperal build` (or `imperal dev`) in the extension directory.",
          500,
        ),
      );
    }
    const bytes = readFileSync(bundle);
    const buildId = sha(bytes);
    let handle: WorkerHandle;
    try {
      const spare = this.takeSpare();
      if (spare) {
        handle = spare;
        void spare.load(bundle, buildId, this.opts.readyTimeoutMs);
        // The next spare starts now, not after the swap: its warm-up (worker start + SDK + zod, ~120 ms of CPU) then
        // overlaps this load, the first call and the next edit instead of running into the next reload.
        this.scheduleSpare();
      } else {
        handle = this.newHandle(bundle, buildId);
      }
    } catch (e) {
      return this.fail(loadError(e));
    }
    let info: ReadyInfo;
    try {
      info = await handle.ready;
    } catch (e) {
      await handle.terminate();
      return this.fail(loadError(e));
    }
    if (this.info && info.appId !== this.info.appId) {
      await handle.terminate();
      return this.fail(
        new KernelError(
          "APP_ID_CHANGED",
          `The new build has app id "${info.appId}" but the kernel serves "${this.info.appId}".`,
          "Restart the kernel to serve a different extension.",
          500,
        ),
      );
    }
    if (this.opts.checkBuild) {
      // Before the swap, so a build whose manifest is invalid never serves a call.
      let problem: { code: string; message: string; fix: string } | undefined;
      try {
        problem = await this.opts.checkBuild(info, buildId);
      } catch (e) {
        problem = {
          code: "BUILD_CHECK_FAILED",
          message: `Checking the build failed: ${(e as Error)?.message ?? e}`,
          fix: "Fix the error and rebuild; the previous build keeps serving.",
        };
      }
      if (problem) {
        await handle.terminate();
        return this.fail(new KernelError(problem.code, problem.message, problem.fix, 500));
      }
    }
    const old = this.pool;
    this.pool = new BuildWorkers({
      buildId,
      bundlePath: bundle,
      bundle: bytes,
      info,
      primary: handle,
      spawn: (path) => this.newHandle(path, buildId),
      maxWorkers: this.opts.maxWorkers,
      burstAfterMs: this.opts.burstAfterMs,
      idleMs: this.opts.workerIdleMs,
      pingMs: this.opts.pingMs,
      log: this.opts.log,
    });
    this.info = info;
    this.status = { id: buildId, loaded_at: new Date().toISOString() };
    this.opts.events.emit("reload", { build_id: buildId, reason, tools: info.tools.length });
    if (old) void old.drain(this.opts.drainMs).then(() => old.close());
    return { ok: true, buildId };
  }

  private newHandle(bundlePath: string | null, buildId: string): WorkerHandle {
    return new WorkerHandle({
      bundlePath,
      buildId,
      onRpc: this.opts.onRpc,
      onSide: this.opts.onSide,
      readyTimeoutMs: this.opts.readyTimeoutMs,
      memoryLimitMb: this.opts.memoryLimitMb,
    });
  }

  /** The serving build's first live worker (diagnostics and tests). */
  get current(): WorkerHandle | undefined {
    return this.pool?.current;
  }

  /** The spare worker if it is still alive (it is consumed: the caller hands it a build). */
  private takeSpare(): WorkerHandle | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.dead) return undefined;
    return spare;
  }

  /** Starts one spare worker shortly after a swap (never more than one; none once closed). */
  private scheduleSpare(): void {
    if (this.closed || this.spare || this.spareTimer) return;
    this.spareTimer = setTimeout(() => {
      this.spareTimer = undefined;
      if (this.closed || this.spare) return;
      try {
        this.spare = this.newHandle(null, "(spare)");
      } catch {
        this.spare = undefined; // no spare: the next reload starts a worker the slow way
      }
    }, SPARE_DELAY_MS);
    this.spareTimer.unref();
  }

  /** True while a pre-warmed spare worker is waiting for the next build (tests, diagnostics). */
  get hasSpare(): boolean {
    return !!this.spare && !this.spare.dead;
  }

  private fail(error: KernelError): { ok: false; error: KernelError } {
    this.status = { ...this.status, error: { code: error.code, message: error.message, at: new Date().toISOString() } };
    this.opts.events.emit("build_error", {
      code: error.code,
      message: error.message,
      fix: error.fix,
      serving: this.status.id,
    });
    return { ok: false, error };
  }

  /** True while a build is loaded and can take calls. */
  get serving(): boolean {
    return !this.closed && !!this.pool?.serving;
  }

  /** Lends a worker of the serving build to one call of `user`; waits while a swap is in progress. */
  async acquire(user: string): Promise<WorkerLease> {
    while (this.swaps > 0) await this.chain;
    if (this.closed) throw new KernelError("KERNEL_CLOSED", "The kernel is closed.", "Create a new kernel.", 503);
    if (!this.pool) {
      const r = await this.reload("respawn");
      if (!r.ok) throw r.error;
    }
    const pool = this.pool!;
    try {
      return await pool.acquire(user);
    } catch (e) {
      if (this.closed) throw new KernelError("KERNEL_CLOSED", "The kernel is closed.", "Create a new kernel.", 503);
      if (this.pool !== pool) return this.acquire(user); // swapped while waiting
      throw e;
    }
  }

  /** Takes a stuck worker (a handler ignoring its timeout, a sync loop) out of service; only its user's calls share it. */
  retire(handle: WorkerHandle, why: string): void {
    if (this.pool && !this.closed) this.pool.retire(handle, why);
    else void handle.terminate();
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.spareTimer);
    this.spareTimer = undefined;
    await this.chain;
    const spare = this.spare;
    this.spare = undefined;
    await Promise.all([this.pool?.close(), spare?.terminate()]);
  }
}

/** Any failure to start or load a build, as the KernelError the host reports. */
function loadError(e: unknown): KernelError {
  return e instanceof KernelError
    ? e
    : new KernelError("EXTENSION_LOAD_FAILED", String((e as Error)?.message ?? e), "Fix the build and reload.", 500);
}

/** `GET /v1/tools`: the manifest's tools and panels (falling back to the surface the worker reported). */
export function toolsView(
  host: ExtensionHost,
  extensionDir: string,
): { app_id: string; tools: unknown[]; panels: unknown[] } {
  const i = host.info!;
  const m = i.manifest ?? readManifest(extensionDir);
  const byName = new Map(
    ((m?.tools as Array<Record<string, unknown>> | undefined) ?? []).map((t) => [t.name as string, t]),
  );
  return {
    app_id: i.appId,
    tools: i.tools
      .filter((t) => t.kind !== "panel")
      .map(
        (t) =>
          byName.get(t.name) ?? { name: t.name, kind: t.kind, description: t.description, action_type: t.actionType },
      ),
    panels:
      (m?.panels as unknown[] | undefined) ??
      i.tools.filter((t) => t.kind === "panel").map((t) => ({ panel_id: t.panelId, tool: t.name })),
  };
}

function readManifest(dir: string): Record<string, unknown> | null {
  const p = join(dir, "imperal.json");
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}
