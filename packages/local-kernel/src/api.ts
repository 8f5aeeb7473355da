import type { AuditLedger } from "./audit/ledger.js";
import type { ConfirmationStore } from "./confirmations/store.js";
import type { Db } from "./db/open.js";
import type { EventBus } from "./events/bus.js";
import type { SeenIds } from "./seen/registry.js";
import type { KernelUser } from "./users.js";
import type { ExtensionHost } from "./worker/extension-host.js";
import type { SdkGuards } from "./sdk-api.js";
import type { LlmMode } from "./clients/ai.js";
import type { SecretSources } from "./clients/secrets.js";

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
}

/** Kernel log sink; never receives secret values. */
export type KernelLog = (level: "debug" | "info" | "warn" | "error", message: string, detail?: Record<string, unknown>) => void;

/** Kernel-side state of one running call, used to route worker RPCs to the right user's clients. */
export interface CallSession {
  callId: number;
  user: KernelUser;
  tool: string;
  kind: "chat" | "panel" | "skeleton";
  abort: AbortController;
  /** The worker running the call: RPCs for it are accepted from that worker only. */
  worker?: unknown;
}

/** Reads a skeleton section for a user (part 2 plugs the snapshot store in; default returns null). */
export type SkeletonReaderHook = (userId: string, section: string) => Promise<unknown> | unknown;

/** Everything the dispatch path needs; built once by createKernel. */
export interface KernelCore {
  db: Db;
  stateDir: string;
  extensionDir: string;
  audit: AuditLedger;
  confirmations: ConfirmationStore;
  seen: SeenIds;
  events: EventBus;
  host: ExtensionHost;
  users: Map<string, KernelUser>;
  sessions: Map<number, CallSession>;
  limits: KernelLimits;
  guards: SdkGuards;
  llm: LlmMode;
  secretSources: SecretSources;
  log: KernelLog;
  /** Replaces the user's secret values in text bound for the kernel log. */
  redact: (userId: string, text: string) => string;
  /** Resolves once every commit so far is on stable storage (group commit; see db/durability.ts). */
  durable: () => Promise<void>;
  appId: string;
  /** Per (user, tool) count of consecutive schema failures (I-PYDANTIC-RETRY-BUDGET). */
  validationBudget: Map<string, number>;
  hooks: { skeletonGet: SkeletonReaderHook; onUninstall: Array<(userId: string) => void | Promise<void>> };
}
