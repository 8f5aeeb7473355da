import { HTTP_CONNECTION_DEFAULTS, type ConnectionLimits } from "./http/connections.js";

/** Resolved limits (SPEC 4 `limits` plus internal bounds). */
export interface KernelLimits {
  /** Default call timeout (180 s). */
  callTimeoutMs: number;
  /** Timeout of `longRunning` functions (1800 s). */
  longRunningTimeoutMs: number;
  /** Promotion threshold (3 s): past it, a call detaches and its result goes to the event stream. */
  promotionMs: number;
  /** After a timeout/cancel, how long a handler gets to honour `ctx.signal` before its worker is terminated. */
  cancelGraceMs: number;
  /** How long the old build may finish in-flight calls after a swap. */
  drainMs: number;
  /** How long a new build may take to become ready. */
  readyTimeoutMs: number;
  /** Retries of `retryable` read errors (max 2). */
  readRetries: number;
  /** First retry backoff (doubles each retry). */
  retryBackoffMs: number;
  /** HTTP body limit (1 MiB). */
  maxBodyBytes: number;
  /** Heap plus off-heap (Buffers, ArrayBuffers) one worker may hold, MiB (512); past it a call fails with MEMORY_LIMIT. */
  memoryLimitMb: number;
  /** Most workers of one build at once (4). A worker serves one user at a time; more users wait for one. */
  maxWorkers: number;
  /** A user who waited this long for a free worker gets an extra one, up to 4 × maxWorkers (1 s). */
  workerBurstAfterMs: number;
  /** An extra worker (not the build's first) idle this long is ended (30 s). */
  workerIdleMs: number;
  /** How long a retired worker has to answer a ping before it counts as blocked and is ended (250 ms). */
  pingMs: number;
  /** HTTP: complete request headers within this long (10 s), else 408 and the socket is closed. */
  httpHeadersTimeoutMs: number;
  /** HTTP: a request body within this long of its headers (30 s), else 408 and the socket is closed. */
  httpBodyTimeoutMs: number;
  /** HTTP: idle keep-alive sockets are closed after this long (5 s). */
  httpIdleTimeoutMs: number;
  /** HTTP: most sockets open at once (256; lower when the descriptor limit is small). */
  httpMaxConnections: number;
  /** How often the extension's health check runs (60 s; SPEC 7.1); 0 = only at start and on GET /v1/health. */
  healthIntervalMs: number;
  /** A health check still running after this long is `unhealthy` (5 s). */
  healthTimeoutMs: number;
}

/** The SPEC 4 defaults. */
export const DEFAULT_LIMITS: Readonly<KernelLimits> = {
  callTimeoutMs: 180_000,
  longRunningTimeoutMs: 1_800_000,
  promotionMs: 3_000,
  cancelGraceMs: 2_000,
  drainMs: 10_000,
  readyTimeoutMs: 15_000,
  readRetries: 2,
  retryBackoffMs: 100,
  maxBodyBytes: 1024 * 1024,
  memoryLimitMb: 512,
  maxWorkers: 4,
  workerBurstAfterMs: 1_000,
  workerIdleMs: 30_000,
  pingMs: 250,
  httpHeadersTimeoutMs: HTTP_CONNECTION_DEFAULTS.headersTimeoutMs,
  httpBodyTimeoutMs: HTTP_CONNECTION_DEFAULTS.bodyTimeoutMs,
  httpIdleTimeoutMs: HTTP_CONNECTION_DEFAULTS.idleTimeoutMs,
  httpMaxConnections: HTTP_CONNECTION_DEFAULTS.maxConnections,
  healthIntervalMs: 60_000,
  healthTimeoutMs: 5_000,
};

/** The HTTP server's socket bounds out of the kernel limits. */
export function connectionLimits(l: KernelLimits): ConnectionLimits {
  return {
    headersTimeoutMs: l.httpHeadersTimeoutMs,
    bodyTimeoutMs: l.httpBodyTimeoutMs,
    idleTimeoutMs: l.httpIdleTimeoutMs,
    maxConnections: l.httpMaxConnections,
  };
}

/** Defaults overridden by the caller's partial limits. */
export function resolveLimits(overrides: Partial<KernelLimits> | undefined): KernelLimits {
  return { ...DEFAULT_LIMITS, ...(overrides ?? {}) };
}

/** Largest ActionResult JSON a call may answer (SPEC 10: 4 MiB); checked in the worker, before it is posted back. */
export const MAX_RESULT_BYTES = 4 * 1024 * 1024;
/** Longest chat message accepted (the classifier works on short texts; bulk data belongs in /v1/call args). */
export const MAX_MESSAGE_CHARS = 16_000;
/** Chat history kept per user for the classifier (messages). */
export const HISTORY_MAX_MESSAGES = 12;
/** Buffered events kept for late subscribers. */
export const EVENT_HISTORY = 200;
/** How long uninstall waits for per-user purges (SPEC: skeleton state gone within 2 s). */
export const UNINSTALL_DEADLINE_MS = 1_800;
