// The kernel's programmatic API (SPEC 4): what createKernel returns and accepts. http/ and the CLI import these types.
import type { ConfigFile } from "@imperal/sdk";
import type { Classifier, OpenAIClassifierOptions } from "./classifier/index.js";
import type { PlatformRunner } from "./platform/runner.js";
import type { WebhookTarget } from "./webhooks/route.js";
import type { ScheduleOptions, ScheduleRunResult, ScheduleView } from "./schedules/types.js";
import type { EventPublisher } from "./pubsub/publisher.js";
import type { LlmMode } from "./clients/ai.js";
import type { ChatTurnResult } from "./chat/turn.js";
import type { Call, DispatchOptions, TurnResult } from "./dispatch/dispatch.js";
import type { HandlerErrorInfo, KernelEvent } from "./events.js";
import type { ExtensionHealth } from "./lifecycle/health.js";
import type { Lifecycle, LifecycleResult } from "./lifecycle/lifecycle.js";
import type { KernelLimits } from "./limits.js";
import type { KernelLog } from "./log.js";
import type { SkeletonRuntime, SkeletonRuntimeOptions } from "./skeleton/runtime.js";
import type { SyncMode } from "./state/db.js";
import type { AuditRow } from "./state/audit.js";
import type { KernelUser, UserConfig } from "./users/users.js";
import type { BuildCheck, ExtensionHost, SpareMode } from "./worker/extension-host.js";
import type { ReadyInfo } from "./worker/protocol.js";

/** Options of `createKernel` (SPEC 4). */
export interface KernelOptions {
  /** Holds `imperal.json` and `dist/extension.mjs` (a built extension). */
  extensionDir?: string;
  /**
   * Several built extensions in one kernel (SPEC 7.6): each has its own worker, state partition and capabilities;
   * tools are reachable as `{app_id}__{name}` (bare when unique). The first is the primary one (reloads, panels).
   */
  extensionDirs?: string[];
  /** Default `<extensionDir>/.imperal/state`. */
  stateDir?: string;
  /** Default: one user `dev` holding the extension's capabilities, tenant `default`. */
  users?: UserConfig[];
  /** 0 = any free port; undefined = no HTTP server. */
  port?: number;
  /** `embedded` (default) or `openai`. */
  llm?: LlmMode;
  limits?: Partial<KernelLimits>;
  /** Write `.imperal/dev.json` (port + token, mode 0600) when listening. Default true. */
  writeDiscovery?: boolean;
  /** Durability mode (default GROUP: WAL + NORMAL + a shared fsync before each reply; see docs/architecture.md). */
  sync?: SyncMode;
  /** Extra log sink (the kernel always writes `<stateDir>/kernel.log`). */
  onLog?: KernelLog;
  /** `llm: "openai"` endpoint settings for the classifier (default: IMPERAL_LLM_BASE_URL / _API_KEY / _MODEL). */
  llmOptions?: OpenAIClassifierOptions;
  /** A custom chat-turn classifier (overrides `llm` for classification; ctx.ai still follows `llm`). */
  classifier?: Classifier;
  /** Skeleton loops: `{ enabled = true, watchdogMs = 1000, refreshTimeoutMs = 30000, firstRefresh = "now" }`. */
  skeletons?: SkeletonRuntimeOptions;
  /** Pre-warmed spare worker for fast reloads: `lazy` (default: after the first reload), `eager` (after boot) or `off`. */
  spareWorker?: SpareMode;
  /** Checks every loaded build (its manifest) before it is swapped in; a returned error keeps the old build serving. */
  checkBuild?: BuildCheck;
  /** Bearer token to use (default: random per launch); lets a front publish the token before the kernel boots. */
  token?: string;
  /** A write or destructive plan classified below this confidence is asked back, not run (default 0.6). */
  confidenceFloor?: number;
  /** ctx.config file layers `{ app, users }` (default: `<extensionDir>/.imperal/config.json`), SPEC 7.2. */
  config?: ConfigFile;
  /** Schedules (SPEC 7.3): `{ enabled = true, clock = wall clock }`; `clock: createTestClock(iso)` drives them in tests. */
  schedules?: ScheduleOptions;
}

/** What `GET /v1/skeleton` answers. */
export type SkeletonView = ReturnType<SkeletonRuntime["view"]>;

/** `/v1/health`. */
export interface HealthView {
  ok: boolean;
  build: { id: string | null; loaded_at: string | null; error?: unknown };
  uptime_s: number;
  /** The last handler that threw (any user): code, message, source-mapped stack and its top frame, when. */
  last_handler_error?: HandlerErrorInfo;
  /** The extension's own health check (SPEC 7.1), as of its last run; absent until the first run at start answers. */
  extension?: ExtensionHealth;
}

/** A running local kernel. */
export interface Kernel {
  /** `http://127.0.0.1:<port>` when listening. */
  readonly url: string | undefined;
  /** Bearer token of this launch (random per launch). */
  readonly token: string;
  readonly stateDir: string;
  /** Direct typed call: same guards, authz, confirmation and audit as `POST /v1/call/{tool}`. */
  /** Runs one tool; `{ fromPanel: true }` (HTTP: `X-Imperal-Origin: panel`) refreshes every panel unless the result names some. */
  call(userId: string, tool: string, args?: unknown, opts?: { fromPanel?: boolean }): Promise<TurnResult>;
  /** One chat turn: same path as `POST /v1/chat/turn` (the result also carries `classification` and `context`). */
  turn(userId: string, message: string): Promise<ChatTurnResult>;
  /** `GET /v1/skeleton`: raw snapshots, refresh times, the rendered classifier block, warnings, pending alerts. */
  skeleton(userId: string): SkeletonView;
  /** `POST /v1/skeleton/{section}/refresh`: refreshes one section for the user now. */
  refreshSkeleton(userId: string, section: string): Promise<Record<string, unknown>>;
  /** `GET /v1/fact-ledger`: the user's fact ledger (last 5 turns, 3 KB each). */
  factLedger(userId: string): Record<string, unknown>;
  /** Accepts a confirmation (executes its stored calls byte-identically). */
  /** Runs the stored calls; `{ fromPanel: true }` (HTTP: `X-Imperal-Origin: panel`) as for a call made from a panel. */
  accept(userId: string, confirmationId: string, opts?: { fromPanel?: boolean }): Promise<TurnResult>;
  /** Cancels a confirmation. */
  cancelConfirmation(userId: string, confirmationId: string): Promise<{ id: string; status: "cancelled" }>;
  /** Cancels a running call by its call id (`userId`: only if it is that user's call). */
  cancel(callId: number, reason?: string, userId?: string): boolean;
  /** Renders a panel for a user -> UI tree (or a turn object when rejected). */
  panel(userId: string, panelId: string, props?: unknown): Promise<TurnResult>;
  /** Hot-swaps in the current build from extensionDir. */
  reload(): Promise<{ ok: boolean; buildId?: string; error?: { code: string; message: string; fix: string } }>;
  /** Loaded build status and the LAST health-check result (synchronous; `checkHealth` runs a fresh check). */
  health(): HealthView;
  /** `GET /v1/health`: runs the extension's health check now (bounded by limits.healthTimeoutMs), then `health()`. */
  checkHealth(): Promise<HealthView>;
  /** Newest-first audit rows. */
  audit(limit?: number, userId?: string, opts?: { includeSkeleton?: boolean }): AuditRow[];
  /** The callable surface with schemas. */
  tools(): { app_id: string; tools: unknown[]; panels: unknown[] };
  /**
   * Runs onUninstall, then purges ALL of the user's state of the extension (documents, files, cache, secrets,
   * skeletons, fact ledger, confirmations, seen ids, conversation); the audit ledger is kept. SPEC 7.1.
   */
  uninstall(userId: string): Promise<LifecycleResult>;
  /** Installs the user now (onInstall) unless installed; a failing hook throws 503 INSTALL_FAILED. */
  install(userId: string): Promise<LifecycleResult>;
  /** Enables the extension for the user again (onEnable). */
  enable(userId: string): Promise<LifecycleResult>;
  /** Disables it (onDisable): the user's calls, turns and panels get 403 EXTENSION_DISABLED until enabled. */
  disable(userId: string): Promise<LifecycleResult>;
  /** `GET /v1/schedules`: the serving build's schedules with their next and last run. */
  schedules(): ScheduleView[];
  /** `POST /v1/schedules/{name}/run`: runs a schedule now (same path and audit as a cron fire); unknown: NOT_FOUND. */
  runSchedule(name: string): Promise<ScheduleRunResult>;
  /** Subscribes to the event stream. */
  onEvent(l: (e: KernelEvent) => void): () => void;
  /** Read-only access to the kernel's services, for dev tools and tests (not a plug-in point). */
  readonly internal: KernelInternals;
  close(): Promise<void>;
}

/** The kernel's services as dev tools and tests see them. */
export interface KernelInternals {
  /** The one dispatch path: guards -> authz -> confirmation -> execute -> audit (dispatch/dispatch.ts). */
  dispatch(userId: string, calls: Call[], opts: DispatchOptions): Promise<TurnResult>;
  /** The worker host of the serving build. */
  host: ExtensionHost;
  /** Skeleton loops, snapshots and alerts. */
  skeletons: SkeletonRuntime;
  /** The user record, or undefined. */
  user(userId: string): KernelUser | undefined;
  /** The first configured user (`dev` by default). */
  defaultUser(): string;
  /** The loaded build's tool list and manifest. */
  info(): ReadyInfo | undefined;
  /** Runs schedules, lifecycle hooks, webhooks and event subscribers (platform/runner.ts). */
  platform: PlatformRunner;
  /** Publishes extension events (pubsub/publisher.ts). */
  publisher: EventPublisher;
  /** True while the user owes this extension an answer (clarify, pending confirmation): chat routing stays here. */
  hasOpenDialogue(userId: string): boolean;
  /** Install state, upgrades, enable/disable (lifecycle/lifecycle.ts). */
  lifecycle: Lifecycle;
  /** What the webhook route runs this extension's webhooks with (webhooks/route.ts). */
  webhooks: WebhookTarget;
}
