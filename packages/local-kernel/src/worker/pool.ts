// The workers that serve one build. A worker runs the calls of one user at a time, so a handler that hangs, loops
// or runs out of memory can only ever cost calls of its own user (SPEC 10). See docs/architecture.md, "Isolation".
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { KernelLog } from "../log.js";
import type { ReadyInfo } from "./protocol.js";
import type { WorkerHandle } from "./handle.js";

/** Starts a worker on a bundle path (the kernel's WorkerHandle constructor, injected for tests). */
export type SpawnWorker = (bundlePath: string) => WorkerHandle;

/** Options of {@link BuildWorkers}. */
export interface BuildWorkersOptions {
  buildId: string;
  /** `dist/extension.mjs` of the extension. */
  bundlePath: string;
  /** The bundle's bytes as loaded (extra workers load exactly these, even after the file on disk changed). */
  bundle: Buffer;
  info: ReadyInfo;
  /** The first worker, already ready and checked. */
  primary: WorkerHandle;
  spawn: SpawnWorker;
  /** Live workers kept for concurrent users (default 4); a user waiting longer than `burstAfterMs` may get one more. */
  maxWorkers: number;
  /** A user who waited this long for a free worker gets a new one, up to 4 × `maxWorkers` (so hung calls of a few users cannot stall everyone until their timeouts). */
  burstAfterMs: number;
  /** An extra worker idle this long is ended (the primary stays). */
  idleMs: number;
  /** How long a retired worker gets to answer a ping before it is taken for blocked and ended. */
  pingMs: number;
  log: KernelLog;
}

/** A worker lent to one user's call; `release()` exactly once when the call no longer needs it. */
export interface WorkerLease {
  handle: WorkerHandle;
  release(): void;
}

interface Slot {
  handle: WorkerHandle;
  /** The user whose calls hold leases on this worker (undefined when none does). */
  user: string | undefined;
  leases: number;
  /** A retired worker takes no new calls; it ends once its calls are done (or at once when blocked). */
  retired: boolean;
  lastUsed: number;
  ready: Promise<unknown>;
}

/**
 * The pool of workers of one build. `acquire(user)` lends the worker already serving that user's calls, else an
 * idle one, else starts one (up to `maxWorkers`), else waits. One user at a time per worker is the isolation
 * boundary: a worker that must be ended (a handler ignoring its timeout, a sync loop, an out-of-memory) only holds
 * calls of one user. A user's calls share their worker, so a single user pays nothing for the pool.
 */
export class BuildWorkers {
  readonly buildId: string;
  readonly info: ReadyInfo;
  readonly primary: WorkerHandle;
  private readonly slots: Slot[] = [];
  private readonly waiters: Array<() => void> = [];
  private closed = false;
  private copyPath: string | undefined;
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly o: BuildWorkersOptions) {
    this.buildId = o.buildId;
    this.info = o.info;
    this.primary = o.primary;
    this.adopt(o.primary, Promise.resolve());
    this.reaper = setInterval(() => this.reapIdle(), Math.max(1_000, Math.min(o.idleMs, 30_000)));
    this.reaper.unref();
  }

  /** The first live worker that takes calls (the primary while it lives). */
  get current(): WorkerHandle {
    return this.slots.find((s) => !s.retired && !s.handle.dead)?.handle ?? this.primary;
  }

  /** Live workers (retired ones included until they end). */
  get size(): number {
    return this.slots.length;
  }

  /** True while the pool can serve calls. */
  get serving(): boolean {
    return !this.closed;
  }

  /** Lends a worker for one call of `user`; waits while every worker serves another user. */
  async acquire(user: string): Promise<WorkerLease> {
    const since = Date.now();
    for (;;) {
      if (this.closed) throw new Error("pool closed");
      const burst = Date.now() - since >= this.o.burstAfterMs;
      const slot = this.pick(user, burst ? this.o.maxWorkers * 4 : this.o.maxWorkers);
      if (slot) {
        slot.user = user;
        slot.leases++;
        slot.lastUsed = Date.now();
        try {
          await slot.ready;
        } catch (e) {
          this.releaseSlot(slot);
          throw e;
        }
        if (!slot.handle.dead) return this.lease(slot);
        this.releaseSlot(slot); // died while starting: pick again
        continue;
      }
      await new Promise<void>((r) => {
        this.waiters.push(r);
        // Wake by ourselves at the burst point too: nobody may free a worker before then.
        setTimeout(r, Math.max(1, this.o.burstAfterMs - (Date.now() - since))).unref();
      });
    }
  }

  /** Stops giving `handle` new calls; ends it once its other calls finish, or at once when it does not answer. */
  retire(handle: WorkerHandle, why: string): void {
    const slot = this.slots.find((s) => s.handle === handle);
    if (!slot || slot.retired) return;
    slot.retired = true;
    this.o.log("warn", `worker of build ${this.buildId} retired: ${why}`, { inflight: handle.inflight });
    this.wake();
    void (async () => {
      const alive = await handle.ping(this.o.pingMs);
      // A blocked worker cannot finish anything; a live one finishes its other calls (each bounded by its timeout).
      if (alive) await handle.drain(Number.MAX_SAFE_INTEGER >>> 1);
      await this.end(slot);
    })();
  }

  /** Waits until no call is in flight on any worker, or `ms` elapse. */
  async drain(ms: number): Promise<void> {
    await Promise.all(this.slots.map((s) => s.handle.drain(ms)));
  }

  /** Ends every worker of the build. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    for (const w of this.waiters.splice(0)) w();
    await Promise.all(this.slots.map((s) => s.handle.terminate()));
    this.slots.length = 0;
    if (this.copyPath) rmSync(this.copyPath, { force: true });
  }

  private pick(user: string, max: number): Slot | undefined {
    this.prune();
    // A worker still running a call it was told to stop is suspect until it stops (or is retired): no new calls.
    const usable = this.slots.filter((s) => !s.retired && !s.handle.dead && s.handle.abandoned === 0);
    // 1. the worker already running this user's calls; 2. an idle one, this user's last one first; 3. a new one.
    const own = usable.find((s) => s.leases > 0 && s.user === user);
    if (own) return own;
    const idle = usable.filter((s) => s.leases === 0).sort((a, b) => rank(b, user) - rank(a, user));
    if (idle[0]) return idle[0];
    if (usable.length < max) return this.start();
    return undefined;
  }

  private start(): Slot {
    const handle = this.o.spawn(this.loadablePath());
    return this.adopt(handle, handle.ready);
  }

  private adopt(handle: WorkerHandle, ready: Promise<unknown>): Slot {
    const slot: Slot = { handle, user: undefined, leases: 0, retired: false, lastUsed: Date.now(), ready };
    ready.catch(() => {});
    handle.worker.once("exit", () => {
      this.prune();
      this.wake();
    });
    this.slots.push(slot);
    return slot;
  }

  /** The bundle file with exactly this build's bytes: the original while unchanged, else a copy beside it. */
  private loadablePath(): string {
    const p = this.o.bundlePath;
    if (existsSync(p) && sha(readFileSync(p)) === this.buildId) return p;
    if (!this.copyPath) {
      // Beside the original, so the bundle's relative imports and import.meta.url lookups resolve the same way.
      this.copyPath = join(dirname(p), `.${basename(p, ".mjs")}.${this.buildId}.mjs`);
      writeFileSync(this.copyPath, this.o.bundle, { mode: 0o600 });
    }
    return this.copyPath;
  }

  private lease(slot: Slot): WorkerLease {
    let done = false;
    return {
      handle: slot.handle,
      release: () => {
        if (done) return;
        done = true;
        this.releaseSlot(slot);
      },
    };
  }

  private releaseSlot(slot: Slot): void {
    slot.leases = Math.max(0, slot.leases - 1);
    slot.lastUsed = Date.now();
    if (slot.leases === 0) this.wake();
  }

  private async end(slot: Slot): Promise<void> {
    await slot.handle.terminate();
    this.prune();
    this.wake();
  }

  private prune(): void {
    for (let i = this.slots.length - 1; i >= 0; i--) if (this.slots[i]!.handle.dead) this.slots.splice(i, 1);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private reapIdle(): void {
    const now = Date.now();
    for (const s of this.slots) {
      if (s.handle === this.primary && !s.handle.dead) continue;
      if (!s.retired && s.leases === 0 && s.handle.inflight === 0 && now - s.lastUsed > this.o.idleMs) void this.end(s);
    }
  }
}

function rank(s: Slot, user: string): number {
  return (s.user === user ? 1e15 : 0) + s.lastUsed;
}

/** The build id of a bundle: the first 12 hex digits of its sha256. */
export function sha(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 12);
}
