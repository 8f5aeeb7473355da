import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KernelError } from "../errors.js";
import type { CtxInfo, FromWorker, ReadyInfo, ToWorker, WireError } from "./protocol.js";
import type { ToolOutcome } from "../sdk.js";

const ENTRY = fileURLToPath(new URL("./thread/entry.js", import.meta.url));

/** Serves one RPC from a worker (its call id, client, method, args and, for `ctx.asUser`, the user) -> value. */
export type RpcHandler = (m: Extract<FromWorker, { t: "rpc" }>, from: WorkerHandle) => Promise<unknown>;
/** Receives `ctx.log` / `ctx.progress` messages. */
export type SideChannel = (m: Extract<FromWorker, { t: "log" } | { t: "progress" }>) => void;

let callSeq = 0;
/** Allocates a kernel-wide call id (unique across workers, so RPCs can be routed to their call). */
export function nextCallId(): number {
  return ++callSeq;
}

interface Pending {
  resolve: (o: ToolOutcome) => void;
  kind: "call" | "validate";
}

/** Options of {@link WorkerHandle}. */
export interface WorkerHandleOptions {
  /** The build to load; null starts a spare that imports the SDK now and loads a build when {@link WorkerHandle.load} is called. */
  bundlePath: string | null;
  buildId: string;
  onRpc: RpcHandler;
  onSide: SideChannel;
  readyTimeoutMs?: number;
  /** Heap plus off-heap (Buffers, ArrayBuffers) a worker may hold, in MiB (default 512). */
  memoryLimitMb?: number;
}

/** One worker_thread running one build (or, before `load()`, a pre-warmed spare waiting for its build). */
export class WorkerHandle {
  buildId: string;
  readonly worker: Worker;
  readonly ready: Promise<ReadyInfo>;
  info: ReadyInfo | undefined;
  dead = false;
  /** True once a bundle was handed to this worker (always, unless it was started as a spare). */
  loading = false;
  private readonly pending = new Map<number, Pending>();
  /** Calls the kernel gave up on (timeout/cancel) that the worker has not finished yet. */
  private readonly zombies = new Set<number>();
  private readonly pings = new Map<number, () => void>();
  private pingSeq = 0;
  /** Why the worker ended when it hit its memory limit (the outcome its pending calls get). */
  private memoryExceeded = false;
  private readonly idleWaiters = new Set<() => void>();
  private readonly settle: { ok: (i: ReadyInfo) => void; fail: (e: Error) => void };
  private timer: NodeJS.Timeout | undefined;

  private readonly onRpc: RpcHandler;
  private readonly onSide: SideChannel;

  constructor(opts: WorkerHandleOptions) {
    const { bundlePath, buildId, readyTimeoutMs = 15_000, memoryLimitMb = 512 } = opts;
    this.onRpc = opts.onRpc;
    this.onSide = opts.onSide;
    this.buildId = buildId;
    if (!existsSync(ENTRY))
      throw new KernelError(
        "WORKER_ENTRY_MISSING",
        `Worker entry ${ENTRY} not found.`,
        "Build the kernel first: pnpm --filter @imperal/local-kernel build.",
        500,
      );
    this.worker = new Worker(ENTRY, {
      workerData: { bundlePath, memoryLimitBytes: memoryLimitMb * 1024 * 1024 },
      stdout: false,
      stderr: false,
      // The heap bound; the worker itself bounds heap + off-heap together (thread/memory.ts).
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
    });
    this.worker.unref();
    let settle!: { ok: (i: ReadyInfo) => void; fail: (e: Error) => void };
    this.ready = new Promise<ReadyInfo>((ok, fail) => {
      settle = { ok, fail };
    });
    this.ready.catch(() => {});
    this.settle = settle;
    if (bundlePath !== null) this.arm(readyTimeoutMs);
    this.worker.on("message", (m: FromWorker) => {
      switch (m.t) {
        case "ready":
          clearTimeout(this.timer);
          this.info = m.info;
          settle.ok(m.info);
          break;
        case "load_error":
          clearTimeout(this.timer);
          settle.fail(
            new KernelError(
              m.error.code || "EXTENSION_LOAD_FAILED",
              m.error.message,
              m.error.fix || "Fix the error and rebuild; the previous build keeps serving.",
              500,
            ),
          );
          break;
        case "result": {
          this.zombies.delete(m.id);
          const p = this.pending.get(m.id);
          if (p) {
            this.pending.delete(m.id);
            p.resolve(m.outcome as ToolOutcome);
            this.checkIdle();
          }
          break;
        }
        case "rpc":
          this.onRpc(m, this).then(
            (value) => this.send({ t: "rpc_res", rid: m.rid, ok: true, value }),
            (err) => this.send({ t: "rpc_res", rid: m.rid, ok: false, error: toWire(err) }),
          );
          break;
        case "log":
        case "progress":
          this.onSide(m);
          break;
        case "pong":
          this.pings.get(m.id)?.();
          break;
        case "memory_exceeded":
          // Off-heap memory grew past the limit outside any allocation the guard sees: end the worker.
          this.memoryExceeded = true;
          void this.worker.terminate();
          break;
      }
    });
    const die = (why: string) => {
      clearTimeout(this.timer);
      if (this.dead) return;
      this.dead = true;
      settle.fail(
        new KernelError(
          "EXTENSION_LOAD_FAILED",
          `Worker for build ${this.buildId} exited: ${why}`,
          "Fix the error and rebuild; the previous build keeps serving.",
          500,
        ),
      );
      const memory = this.memoryExceeded;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.resolve(
          memory
            ? { ok: false, code: "MEMORY_LIMIT", message: MEMORY_MESSAGE, detail: why }
            : {
                ok: false,
                code: "WORKER_EXITED",
                message: "The extension stopped while running this action.",
                detail: why,
              },
        );
      }
      this.zombies.clear();
      for (const p of this.pings.values()) p();
      this.checkIdle();
    };
    this.worker.on("error", (e) => {
      if ((e as { code?: string })?.code === "ERR_WORKER_OUT_OF_MEMORY") this.memoryExceeded = true;
      die(e?.stack ?? String(e));
    });
    this.worker.on("exit", (code) => die(`exit code ${code}`));
  }

  /** Starts the ready timeout (the clock runs from the moment a bundle is handed over). */
  private arm(readyTimeoutMs: number): void {
    this.loading = true;
    this.timer = setTimeout(
      () =>
        this.settle.fail(
          new KernelError(
            "EXTENSION_LOAD_TIMEOUT",
            `Build ${this.buildId} did not become ready within ${readyTimeoutMs} ms.`,
            "Make sure importing the extension does no slow work at module scope.",
            500,
          ),
        ),
      readyTimeoutMs,
    );
    this.timer.unref();
  }

  /** Hands a build to a spare worker; `ready` settles once it has imported the bundle. */
  load(bundlePath: string, buildId: string, readyTimeoutMs = 15_000): Promise<ReadyInfo> {
    if (this.loading)
      throw new KernelError(
        "WORKER_ALREADY_LOADED",
        "This worker already runs a build.",
        "Start a new worker for the next build.",
        500,
      );
    this.buildId = buildId;
    this.arm(readyTimeoutMs);
    this.send({ t: "load", bundlePath });
    return this.ready;
  }

  private send(m: ToWorker): void {
    if (this.dead) return;
    try {
      this.worker.postMessage(m);
    } catch (e) {
      if (m.t === "rpc_res") this.worker.postMessage({ t: "rpc_res", rid: m.rid, ok: false, error: toWire(e) });
      else throw e;
    }
  }

  /** Number of calls/validations in flight. */
  get inflight(): number {
    return this.pending.size;
  }

  /** Runs one tool call in the worker. */
  call(id: number, tool: string, args: unknown, ctx: CtxInfo, attempt: number): Promise<ToolOutcome> {
    return this.request(id, "call", { t: "call", id, tool, args, ctx, attempt });
  }
  /** Validates args against the tool's schema in the worker (no handler runs). */
  validate(tool: string, args: unknown, attempt: number): Promise<ToolOutcome> {
    const id = nextCallId();
    return this.request(id, "validate", { t: "validate", id, tool, args, attempt });
  }
  private request(id: number, kind: "call" | "validate", m: ToWorker): Promise<ToolOutcome> {
    if (this.dead)
      return Promise.resolve({ ok: false, code: "WORKER_EXITED", message: "The extension is not running." });
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, kind });
      try {
        this.send(m);
      } catch (e) {
        this.pending.delete(id);
        resolve({
          ok: false,
          code: "VALIDATION_FAILED",
          message: "The arguments must be plain JSON data.",
          detail: (e as Error).message,
        });
      }
    });
  }
  /** Aborts `ctx.signal` of a running call. */
  cancel(id: number, reason: string): void {
    this.send({ t: "cancel", id, reason });
  }
  /** True when the call is still pending in this worker. */
  has(id: number): boolean {
    return this.pending.has(id);
  }
  /** Resolves a pending call with an outcome now (the kernel gave up on it); the worker may still be running it. */
  abandon(id: number, outcome: ToolOutcome): void {
    const p = this.pending.get(id);
    if (p) {
      this.pending.delete(id);
      if (p.kind === "call") this.zombies.add(id);
      p.resolve(outcome);
      this.checkIdle();
    }
  }
  /** Calls the kernel answered (timeout/cancel) that the worker is still running: a suspect worker takes no new calls. */
  get abandoned(): number {
    return this.zombies.size;
  }
  /** True while the worker is still running the call (answered to the caller or not). */
  running(id: number): boolean {
    return this.pending.has(id) || this.zombies.has(id);
  }
  /** True when the worker's event loop answers within `ms` (false when it is blocked or dead). */
  ping(ms: number): Promise<boolean> {
    if (this.dead) return Promise.resolve(false);
    const id = ++this.pingSeq;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pings.delete(id);
        resolve(false);
      }, ms);
      this.pings.set(id, () => {
        clearTimeout(t);
        this.pings.delete(id);
        resolve(!this.dead);
      });
      this.send({ t: "ping", id });
    });
  }

  private checkIdle(): void {
    if (this.pending.size === 0) for (const w of [...this.idleWaiters]) w();
  }
  /** Waits until no call is in flight, or `ms` elapse. */
  drain(ms: number): Promise<boolean> {
    if (this.pending.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(t);
        this.idleWaiters.delete(w);
        resolve(v);
      };
      const w = () => done(true);
      const t = setTimeout(() => done(false), ms);
      this.idleWaiters.add(w);
    });
  }
  /** Terminates the worker; pending calls resolve with WORKER_EXITED. */
  async terminate(): Promise<void> {
    if (!this.dead) {
      const p = this.worker.terminate();
      await p.catch(() => {});
    }
  }
}

/** What a caller hears when its call (or its worker) went past the memory limit. */
export const MEMORY_MESSAGE = "The action used more memory than allowed and was stopped.";

/** Converts any thrown value into its wire form (class name, code, message, fix; no stack). */
export function toWire(err: unknown): WireError {
  const e = err as { name?: string; kind?: string; code?: string; message?: string; fix?: string };
  return {
    name: e?.kind ?? e?.name ?? "ImperalError",
    code: typeof e?.code === "string" ? e.code : "INTERNAL_ERROR",
    message: typeof e?.message === "string" ? e.message : String(err),
    fix: e?.fix ?? "",
  };
}
