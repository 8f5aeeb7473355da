import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KernelError } from "../errors.js";
import type { EventBus } from "../events/bus.js";
import type { ReadyInfo } from "./protocol.js";
import { WorkerHandle, type RpcHandler, type SideChannel } from "./host.js";

/** What `/v1/health` reports about the loaded build. */
export interface BuildStatus { id: string | null; loaded_at: string | null; error?: { code: string; message: string; at: string } }

/**
 * Owns the worker of the current build: loads, hot-swaps (new worker ready -> swap -> drain old -> terminate),
 * recycles a stuck worker, and makes calls that arrive during a swap wait for the new build.
 */
export class ExtensionHost {
  current: WorkerHandle | undefined;
  info: ReadyInfo | undefined;
  status: BuildStatus = { id: null, loaded_at: null };
  private chain: Promise<unknown> = Promise.resolve();
  private swaps = 0;
  private closed = false;

  constructor(
    private readonly extensionDir: string,
    private readonly onRpc: RpcHandler,
    private readonly onSide: SideChannel,
    private readonly events: EventBus,
    private readonly opts: { drainMs: number; readyTimeoutMs: number },
  ) {}

  /** Path of the built bundle. */
  bundlePath(): string { return join(this.extensionDir, "dist", "extension.mjs"); }

  /** Loads the current build from disk and swaps it in; a failing build leaves the old one serving. */
  reload(reason = "reload"): Promise<{ ok: true; buildId: string } | { ok: false; error: KernelError }> {
    this.swaps++;
    const run = async () => {
      try { return await this.swapIn(reason); } finally { this.swaps--; }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  private async swapIn(reason: string): Promise<{ ok: true; buildId: string } | { ok: false; error: KernelError }> {
    if (this.closed) return { ok: false, error: new KernelError("KERNEL_CLOSED", "The kernel is closed.", "Create a new kernel.", 503) };
    const bundle = this.bundlePath();
    let buildId: string;
    if (!existsSync(bundle)) {
      return this.fail(new KernelError("BUILD_MISSING", `No built extension at ${bundle}.`, "Run `imperal build` (or `imperal dev`) in the extension directory.", 500));
    }
    buildId = createHash("sha256").update(readFileSync(bundle)).digest("hex").slice(0, 12);
    let handle: WorkerHandle;
    try {
      handle = new WorkerHandle(bundle, buildId, this.onRpc, this.onSide, this.opts.readyTimeoutMs);
    } catch (e) {
      return this.fail(e instanceof KernelError ? e : new KernelError("EXTENSION_LOAD_FAILED", String((e as Error)?.message ?? e), "Fix the build and reload.", 500));
    }
    let info: ReadyInfo;
    try {
      info = await handle.ready;
    } catch (e) {
      await handle.terminate();
      return this.fail(e instanceof KernelError ? e : new KernelError("EXTENSION_LOAD_FAILED", String((e as Error)?.message ?? e), "Fix the build and reload.", 500));
    }
    if (this.info && info.appId !== this.info.appId) {
      await handle.terminate();
      return this.fail(new KernelError("APP_ID_CHANGED", `The new build has app id "${info.appId}" but the kernel serves "${this.info.appId}".`, "Restart the kernel to serve a different extension.", 500));
    }
    const old = this.current;
    this.current = handle;
    this.info = info;
    this.status = { id: buildId, loaded_at: new Date().toISOString() };
    this.events.emit("reload", { build_id: buildId, reason, tools: info.tools.length });
    if (old) void old.drain(this.opts.drainMs).then(() => old.terminate());
    return { ok: true, buildId };
  }

  private fail(error: KernelError): { ok: false; error: KernelError } {
    this.status = { ...this.status, error: { code: error.code, message: error.message, at: new Date().toISOString() } };
    this.events.emit("build_error", { code: error.code, message: error.message, fix: error.fix, serving: this.status.id });
    return { ok: false, error };
  }

  /** The worker to use for a new call; waits while a swap is in progress. */
  async acquire(): Promise<WorkerHandle> {
    while (this.swaps > 0) await this.chain;
    if (!this.current || this.current.dead) {
      if (this.closed) throw new KernelError("KERNEL_CLOSED", "The kernel is closed.", "Create a new kernel.", 503);
      const r = await this.reload("respawn");
      if (!r.ok) throw r.error;
    }
    return this.current!;
  }

  /** Ends a stuck worker (e.g. a synchronous infinite loop) and respawns the same build if it was current. */
  async recycle(handle: WorkerHandle): Promise<void> {
    if (handle === this.current && !this.closed) {
      const r = this.reload("recycle");
      await handle.terminate();
      await r;
    } else {
      await handle.terminate();
    }
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
    await this.current?.terminate();
  }
}
