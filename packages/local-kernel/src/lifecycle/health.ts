// The extension's health (SPEC 7.1): its healthCheck runs at start, every `healthIntervalMs` (60 s) and on
// `GET /v1/health`, as the system user, unaudited, bounded by `healthTimeoutMs` (5 s). A throwing or hanging
// check is `unhealthy` with the reason; the last answer is what the synchronous `kernel.health()` shows.
import type { HealthReport } from "@imperal/sdk";
import type { KernelLog } from "../log.js";
import type { PlatformRunner } from "../platform/runner.js";
import type { ReadyInfo } from "../worker/protocol.js";

/** `extension` of `/v1/health`. */
export interface ExtensionHealth {
  status: HealthReport["status"];
  message?: string;
  details?: Record<string, unknown>;
  checked_at: string;
  duration_ms: number;
}

/** What the monitor needs. */
export interface HealthMonitorDeps {
  platform: Pick<PlatformRunner, "run" | "systemUser">;
  info: () => ReadyInfo | undefined;
  timeoutMs: number;
  intervalMs: number;
  log: KernelLog;
}

/** Runs the health check and keeps its last answer. */
export class HealthMonitor {
  private lastResult: ExtensionHealth | undefined;
  private inFlight: Promise<ExtensionHealth> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly d: HealthMonitorDeps) {}

  /** The last finished check (undefined until the first one answers). */
  last(): ExtensionHealth | undefined {
    return this.lastResult;
  }

  /** Checks now; a check already running is shared (a burst of GET /v1/health costs one run). */
  check(): Promise<ExtensionHealth> {
    this.inFlight ??= this.run().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** First check now, then every interval; the timer never keeps the process alive. */
  start(): void {
    void this.check();
    if (this.d.intervalMs > 0 && Number.isFinite(this.d.intervalMs)) {
      this.timer = setInterval(() => void this.check(), this.d.intervalMs);
      this.timer.unref();
    }
  }

  /** Stops the periodic check. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<ExtensionHealth> {
    const t0 = Date.now();
    const done = (r: Omit<ExtensionHealth, "checked_at" | "duration_ms">): ExtensionHealth => {
      this.lastResult = { ...r, checked_at: new Date().toISOString(), duration_ms: Date.now() - t0 };
      return this.lastResult;
    };
    const info = this.d.info();
    if (!info) return done({ status: "unhealthy", message: "No build of the extension is serving." });
    if (!info.platform?.lifecycle.healthCheck) return done({ status: "ok", message: "No health check registered." });
    const { timeoutMs } = this.d;
    try {
      const run = this.d.platform.run({
        user: this.d.platform.systemUser(),
        target: { kind: "health" },
        kind: "chat",
        source: "health",
        audit: false,
        timeoutMs,
      });
      // The runner answers at its timeout already; this bound also covers a worker that cannot be reached at all.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), timeoutMs + 250)));
      const r = await Promise.race([run, late]).finally(() => clearTimeout(timer));
      if (r === "late" || r.status === "timeout")
        return done({ status: "unhealthy", message: `The health check did not answer within ${timeoutMs} ms.` });
      if (r.status !== "executed")
        return done({ status: "unhealthy", message: `The health check failed: ${r.error ?? r.code ?? r.status}` });
      const report = r.result as HealthReport;
      return done({
        status: report.status,
        ...(report.message !== undefined ? { message: report.message } : {}),
        ...(report.details !== undefined ? { details: report.details } : {}),
      });
    } catch (e) {
      this.d.log("warn", `health check could not run: ${(e as Error)?.message}`);
      return done({ status: "unhealthy", message: `The health check could not run: ${(e as Error)?.message}` });
    }
  }
}
