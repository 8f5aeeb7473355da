import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { EventEmitter } from "node:events";
import { existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import {
  checkManifest,
  createDevBuilder,
  isExternalResolutionError,
  toDevError,
  writeManifest,
  type DevBuilder,
  type DevBuildError,
  type DepsMode,
} from "./builder.js";
import { generateManifestFromBundle } from "../build/manifest.js";
import { EventHub, Gate, startFront, type Front } from "./front.js";
import { pickPort } from "./port.js";
import { watchSource, type SourceWatcher } from "./watcher.js";
import { writeDiscovery, removeDiscovery } from "./discovery.js";
import type { Kernel, KernelOptions, UserConfig } from "@imperal/local-kernel";
import { CliError } from "../errors.js";
import { loadKernelFactory } from "./kernel.js";
import { createInspector } from "../inspector/server.js";

/** Quiet time after a good build before the background type check and validation start. */
const CHECK_DELAY_MS = 300;

/** Options of a dev session (what `imperal dev` flags map to). */
export interface DevSessionOptions {
  dir: string;
  /** Preferred port; the next free one is used when taken. 0 = any free port. Default 7777. */
  port?: number;
  host?: string;
  stateDir?: string;
  resetState?: boolean;
  users?: UserConfig[];
  llm?: KernelOptions["llm"];
  limits?: KernelOptions["limits"];
  /** Write `.imperal/dev.json` (default true). */
  discovery?: boolean;
  /** Watch the sources (default true). */
  watch?: boolean;
  debounceMs?: number;
  stabilityMs?: number;
  /** How long a request may wait for a rebuild before the current build answers it. */
  holdTimeoutMs?: number;
  /** Type-check and validate in the background after each good rebuild (default true). */
  check?: boolean;
  /** Other built extensions loaded beside this one (`--with`, SPEC 7.6); only this one is watched. */
  with?: string[];
}

/** Findings of the background check of the serving build (`build.typecheck` / `build.validation` in /v1/health). */
export interface DevChecks {
  generation: number;
  at: string;
  typecheck: { errorCount: number; errors: DevBuildError[] | unknown[]; ms?: number; skipped?: string };
  validation: {
    errorCount: number;
    warningCount: number;
    findings: Array<{ rule: string; severity: string; file: string; line: number; column: number; message: string }>;
    ms?: number;
    skipped?: string;
  };
}

/** Where the session is listening. */
export interface DevSessionInfo {
  url: string;
  port: number;
  requestedPort: number;
  token: string;
  stateDir: string;
}

/** Result of one rebuild+reload cycle. */
export type DevReloadResult =
  | {
      ok: true;
      buildMs: number;
      reloadMs: number;
      manifestMs: number;
      totalMs: number;
      files: string[];
      manifestChanged: boolean;
      generation: number;
      mode: DepsMode;
    }
  | { ok: false; error: DevBuildError; totalMs: number; files: string[] };

/**
 * One `imperal dev` session: incremental builder + local kernel + stable front + watcher + discovery file.
 * Events: `build:start` {files}, `build:ok` DevReloadResult, `build:error` DevReloadResult, `kernel:ready` DevSessionInfo.
 */
export class DevSession extends EventEmitter {
  readonly dir: string;
  readonly stateDir: string;
  readonly gate = new Gate();
  readonly hub = new EventHub();
  kernel: Kernel | undefined;
  front: Front | undefined;
  private builder: DevBuilder | undefined;
  private watcher: SourceWatcher | undefined;
  private loop: Promise<DevReloadResult> | null = null;
  private dirty = false;
  private pendingFiles = new Set<string>();
  private closed = false;
  private readyWaiters: Array<() => void> = [];
  /** Bearer token of the session: the front and the discovery file have it before the kernel boots. */
  readonly token = randomBytes(32).toString("base64url");
  /** Why the build being loaded was rejected before its swap (manifest check), located; reset per swap. */
  private checkError: DevBuildError | undefined;
  /** Last rebuild error (file:line), cleared by the next good build. */
  error: DevBuildError | undefined;
  generation = 0;
  rebuiltAt: string | undefined;
  info: DevSessionInfo | undefined;
  /** The last background check (types + validators) of the serving build. */
  checks: DevChecks | undefined;
  private checker: Worker | undefined;
  private checking = false;
  private checkAgain = false;
  private checkTimer: NodeJS.Timeout | undefined;
  private checkSeq = 0;

  constructor(readonly opts: DevSessionOptions) {
    super();
    this.dir = path.resolve(opts.dir);
    this.stateDir = path.resolve(this.dir, opts.stateDir ?? path.join(".imperal", "state"));
  }

  /**
   * Start the front, write the discovery file, watch, build and boot the kernel. Resolves once the first build is
   * serving, or failed: then `serving` is false, the front answers 503 NO_BUILD and the kernel boots on the next good build.
   */
  async start(): Promise<DevSessionInfo> {
    if (!existsSync(this.dir) || !statSync(this.dir).isDirectory()) {
      throw new CliError(
        "E_NO_DIR",
        `${this.dir} is not a directory`,
        "pass the extension directory: imperal dev <dir>",
      );
    }
    if (this.opts.resetState) rmSync(this.stateDir, { recursive: true, force: true });
    this.builder = await createDevBuilder(this.dir);
    if (this.opts.watch !== false) {
      this.watcher = watchSource(this.dir, (files) => void this.rebuild(files), {
        debounceMs: this.opts.debounceMs,
        stabilityMs: this.opts.stabilityMs,
        onActivity: () => this.holdForSave(),
      });
      await this.watcher.ready;
    }
    // The front comes first, so a first build that fails is still visible (/v1/health) and calls get a clear 503.
    await this.startFront();
    await this.rebuild(["(initial build)"]);
    return this.info!;
  }

  /** Resolves once a kernel is serving (after start(), possibly only after a later good build). */
  whenServing(): Promise<void> {
    if (this.kernel || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  private activityTimer: NodeJS.Timeout | undefined;
  /** A save was seen (raw fs event) and its change event has not arrived yet. */
  private savePending = false;

  /**
   * A file is being saved: hold requests from now on (not only once the write is known to be finished), so a request
   * sent right after saving is answered by the new build. Released by the rebuild, or after 500 ms if no change follows.
   */
  private holdForSave(): void {
    if (this.closed) return;
    this.savePending = true;
    this.gate.close();
    clearTimeout(this.activityTimer);
    this.activityTimer = setTimeout(() => {
      this.savePending = false;
      if (!this.loop) this.gate.open();
    }, 500);
    this.activityTimer.unref();
  }

  /** Let held requests through unless another save is already on its way. */
  private release(): void {
    if (!this.dirty && !this.savePending) this.gate.open();
  }

  /** True once a kernel is serving a build. */
  get serving(): boolean {
    return !!this.kernel && !!this.front;
  }

  /** Rebuild and hot-swap; concurrent calls coalesce into one more cycle. Requests through the front wait meanwhile. */
  rebuild(files: string[] = ["(manual)"]): Promise<DevReloadResult> {
    for (const f of files) this.pendingFiles.add(f);
    clearTimeout(this.activityTimer);
    this.savePending = false;
    this.dirty = true;
    this.gate.close();
    if (this.loop) return this.loop; // the running loop sees `dirty` and builds once more
    this.loop = (async () => {
      let last: DevReloadResult | undefined;
      try {
        while (this.dirty && !this.closed) {
          this.dirty = false;
          const batch = [...this.pendingFiles];
          this.pendingFiles.clear();
          last = await this.cycle(batch);
        }
      } finally {
        this.loop = null;
        if (this.closed) this.gate.open();
        else this.release();
      }
      return (
        last ?? {
          ok: false,
          error: { code: "E_DEV_CLOSED", message: "session closed", text: "session closed" },
          totalMs: 0,
          files,
        }
      );
    })();
    return this.loop;
  }

  private async cycle(files: string[]): Promise<DevReloadResult> {
    const t0 = performance.now();
    this.emit("build:start", { files });
    this.hub.publish("build_start", { files });
    let built = await this.builder!.rebuild();
    if (!built.ok) return this.fail(built.error, files, t0);
    let t1 = performance.now();
    let loadError = await this.swap();
    if (loadError && this.builder!.mode === "external" && isExternalResolutionError(loadError)) {
      // A dependency does not load from node_modules as-is (TS-only package, tsconfig paths, ...): bundle it, like `imperal build`.
      await this.builder!.setMode("bundled");
      this.hub.publish("notice", {
        message: `dependencies are now bundled (loading them from node_modules failed: ${loadError})`,
      });
      built = await this.builder!.rebuild();
      if (!built.ok) return this.fail(built.error, files, t0);
      t1 = performance.now();
      loadError = await this.swap();
    }
    // A build rejected before its swap (manifest check) already has its located error; others are located now.
    if (loadError) return this.fail(this.checkError ?? (await this.locate(loadError)), files, t0);
    const t2 = performance.now();
    // The new build serves from here on: release held requests now, unless another edit is already queued.
    this.release();
    // imperal.json comes from the manifest the kernel's worker generated while loading: no second load on the hot path.
    const m = await writeManifest(this.dir, this.builder!.bundlePath, this.kernel!.internal.info()?.manifest);
    if (!m.ok) return this.fail(m.error, files, t0);
    this.error = undefined;
    this.generation++;
    this.rebuiltAt = new Date().toISOString();
    const res: DevReloadResult = {
      ok: true,
      buildMs: t1 - t0,
      reloadMs: t2 - t1,
      manifestMs: m.manifestMs,
      totalMs: performance.now() - t0,
      files,
      manifestChanged: m.changed,
      generation: this.generation,
      mode: this.builder!.mode,
    };
    this.hub.publish("build_ok", {
      files,
      generation: this.generation,
      build_ms: Math.round(res.buildMs),
      reload_ms: Math.round(res.reloadMs),
      manifest_changed: m.changed,
    });
    this.endOwnStreams();
    this.emit("build:ok", res);
    this.deferCheck();
    return res;
  }

  /** Boot the kernel on the first good build, hot-swap afterwards; resolves to the load error message, if any. */
  private async swap(): Promise<string | undefined> {
    this.checkError = undefined;
    try {
      if (!this.kernel) {
        await this.boot();
        return undefined;
      }
      return reloadError(await this.kernel.reload());
    } catch (e) {
      return (e as Error)?.message ?? String(e);
    }
  }

  /** Find where a build that compiled but did not load failed (file:line through the source map), off the hot path. */
  private async locate(message: string): Promise<DevBuildError> {
    try {
      const m = await generateManifestFromBundle(this.builder!.bundlePath, {
        extensionDir: this.dir,
        timeoutMs: 5_000,
      });
      if (!m.ok && m.errors.length) return toDevError(m.errors, "E_DEV_LOAD");
    } catch {
      /* fall through */
    }
    return toDevError([
      {
        code: "E_DEV_LOAD",
        message: `the new build did not load: ${message}`,
        fix: "fix the error; the last good build keeps serving",
      },
    ]);
  }

  private fail(error: DevBuildError, files: string[], t0: number): DevReloadResult {
    this.error = error;
    const res: DevReloadResult = { ok: false, error, totalMs: performance.now() - t0, files };
    this.hub.publish("build_error", { files, error });
    this.endOwnStreams();
    this.emit("build:error", res);
    return res;
  }

  /**
   * Check a loaded build before the kernel swaps it in (the kernel's `checkBuild` hook): the manifest its worker
   * generated must pass `imperal build`'s checks, so an invalid build never serves a call.
   */
  private readonly checkBuild: NonNullable<KernelOptions["checkBuild"]> = async (info) => {
    let error: DevBuildError | undefined;
    if (info.manifest) {
      const c = checkManifest(this.dir, info.manifest);
      if (!c.ok) error = c.error;
    } else {
      // The worker could not generate a manifest: the build's own loader says where (file:line), off the hot path.
      const m = await generateManifestFromBundle(this.builder!.bundlePath, {
        extensionDir: this.dir,
        timeoutMs: 5_000,
      });
      if (!m.ok) error = toDevError(m.errors, "E_BUILD_IMPORT");
    }
    if (!error) return undefined;
    this.checkError = error;
    return {
      code: error.code,
      message: error.text,
      fix: error.fix ?? "fix the error shown; the last good build keeps serving",
    };
  };

  private async boot(): Promise<void> {
    const createKernel = await loadKernelFactory();
    const kernel = await createKernel({
      extensionDir: this.dir,
      ...(this.opts.with?.length ? { extensionDirs: [this.dir, ...this.opts.with] } : {}),
      stateDir: this.stateDir,
      users: this.opts.users,
      port: 0,
      llm: this.opts.llm ?? "embedded",
      limits: this.opts.limits,
      writeDiscovery: false, // ours points at the front, which outlives kernel swaps
      token: this.token, // already published by the front and the discovery file
      spareWorker: "eager", // a save is expected soon: keep a pre-warmed worker from the start
      checkBuild: this.checkBuild,
    });
    if (this.closed) {
      await kernel.close().catch(() => undefined);
      return;
    }
    this.kernel = kernel;
    // The front's own event streams end once this cycle has published its outcome (build_ok), so their clients
    // see the reload before they reconnect and get the kernel's events too.
    this.streamsToEnd = true;
    this.emit("kernel:ready", this.info);
    for (const w of this.readyWaiters.splice(0)) w();
  }

  /**
   * Type-check and validate the build that now serves, in the session's one checker worker (an incremental
   * TypeScript program kept alive there), after the reload: findings never delay it. Saves during a check coalesce.
   */
  /**
   * The background check starts once saves pause for CHECK_DELAY_MS: on two cores it would otherwise compete with
   * the next spare worker's warm-up and the first calls on the new build (the reload it must not delay).
   */
  private deferCheck(): void {
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => this.scheduleCheck(), CHECK_DELAY_MS);
    this.checkTimer.unref();
  }

  private scheduleCheck(): void {
    if (this.opts.check === false || this.closed) return;
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = true;
    const generation = this.generation;
    if (!this.checker) {
      this.checker = new Worker(new URL("./check-worker.js", import.meta.url), { workerData: { dir: this.dir } });
      this.checker.unref();
      // a checker that cannot start or dies (its file missing when run from sources, out of memory) only stops the checks
      const gone = () => {
        this.checker = undefined;
        this.checking = false;
      };
      this.checker.on("error", gone);
      this.checker.on("exit", gone);
    }
    const id = ++this.checkSeq;
    const worker = this.checker;
    const onMessage = (m: { t: string; id: number } & Omit<DevChecks, "generation" | "at">) => {
      if (m.t !== "checked" || m.id !== id) return;
      worker.off("message", onMessage);
      this.checking = false;
      if (this.closed) return;
      this.checks = { generation, at: new Date().toISOString(), typecheck: m.typecheck, validation: m.validation };
      this.hub.publish("build_check", { ...this.checks });
      this.emit("build:check", this.checks);
      if (this.checkAgain) {
        this.checkAgain = false;
        this.scheduleCheck();
      }
    };
    worker.on("message", onMessage);
    worker.postMessage({ t: "check", id });
  }

  /** Resolves with the next background check's findings (tests, the bench). */
  nextCheck(): Promise<DevChecks> {
    return new Promise((resolve) => this.once("build:check", resolve));
  }

  private streamsToEnd = false;
  private endOwnStreams(): void {
    if (!this.streamsToEnd) return;
    this.streamsToEnd = false;
    this.front?.upstreamChanged();
  }

  /** Listen on the user-facing port (before any build loaded) and write the discovery file. */
  private async startFront(): Promise<void> {
    const requested = this.opts.port ?? 7777;
    let front: Front | undefined;
    let port = await pickPort(requested);
    for (let attempt = 0; !front; attempt++) {
      try {
        front = await startFront({
          host: this.opts.host ?? "127.0.0.1",
          port,
          gate: this.gate,
          hub: this.hub,
          upstream: () => this.kernel?.url,
          token: () => this.token,
          devStatus: () => ({
            building: this.gate.closed,
            error: this.error,
            rebuilt_at: this.rebuiltAt,
            checks: this.checks,
          }),
          holdTimeoutMs: this.opts.holdTimeoutMs,
          inspector: createInspector({
            token: () => this.token,
            users: () => this.opts.users ?? [{ id: "dev" }],
          }),
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt > 20 || requested === 0) throw e;
        port = await pickPort(port + 1);
      }
    }
    this.front = front;
    this.info = {
      url: front.url,
      port: front.port,
      requestedPort: requested,
      token: this.token,
      stateDir: this.stateDir,
    };
    if (this.opts.discovery !== false) {
      // also on a crash: 'exit' handlers run synchronously even when the process dies of an uncaught error
      process.once("exit", this.removeDiscoveryOnExit);
      const users = (this.opts.users ?? [{ id: "dev" }]).map((u) => u.id);
      writeDiscovery(this.dir, {
        url: front.url,
        port: front.port,
        token: this.token,
        pid: process.pid,
        dir: this.dir,
        users,
      });
    }
  }

  private readonly removeDiscoveryOnExit = () => removeDiscovery(this.dir);

  /** Stop watching, close the front and the kernel, remove the discovery file. Idempotent. */
  async close(): Promise<void> {
    clearTimeout(this.checkTimer);
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.activityTimer);
    if (this.opts.discovery !== false) {
      removeDiscovery(this.dir);
      process.off("exit", this.removeDiscoveryOnExit);
    }
    await this.watcher?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    await this.front?.close().catch(() => undefined);
    await this.kernel?.close().catch(() => undefined);
    await this.builder?.dispose().catch(() => undefined);
    await this.checker?.terminate().catch(() => undefined);
    for (const w of this.readyWaiters.splice(0)) w();
  }
}

/** Interpret whatever `kernel.reload()` returns: a thrown error or `{ ok: false, error }` means the old build still serves. */
function reloadError(r: unknown): string | undefined {
  if (!r || typeof r !== "object") return undefined;
  const o = r as { ok?: boolean; error?: unknown };
  if (o.ok === false || (o.error !== undefined && o.error !== null)) {
    const e = o.error as { message?: string } | string | undefined;
    return typeof e === "string" ? e : (e?.message ?? "reload failed");
  }
  return undefined;
}
