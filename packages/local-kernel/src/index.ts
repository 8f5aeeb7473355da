// The public surface of @imperal/local-kernel (SPEC 4): createKernel, its API types, KernelError and the events.
// Building blocks (SQLite clients, the scheduler, the classifier, ...) are exported by internals.ts.
export { createKernel } from "./create.js";
export type { Kernel, KernelOptions, KernelInternals, HealthView, SkeletonView } from "./api.js";
export type {
  Call,
  CallRecord,
  CallResult,
  CallStatus,
  DispatchOptions,
  DispatchSource,
  TurnResult,
} from "./dispatch/dispatch.js";
export type { ChatTurnResult, TurnContext } from "./chat/turn.js";
export type { KernelEvent, KernelEventData, KernelEventType } from "./events.js";
export type { KernelLimits } from "./limits.js";
export type { KernelLog } from "./log.js";
export type { UserConfig, KernelUser } from "./users/users.js";
export type { AuditRow, AuditStatus } from "./state/audit.js";
export type { SpareMode, BuildCheck } from "./worker/extension-host.js";
export type { SkeletonRuntimeOptions } from "./skeleton/runtime.js";
export type { Classifier, Classification, OpenAIClassifierOptions } from "./classifier/index.js";
export { KernelError, KERNEL_ERROR_CODES, type KernelErrorCode } from "./errors.js";
export { isValidUserId } from "./users/users.js";
export * from "./internals.js";
export { createTestClock, realClock, type KernelClock, type TestClock } from "./schedules/clock.js";
export type {
  ScheduleLastRun,
  ScheduleOptions,
  ScheduleRunResult,
  ScheduleRunStatus,
  ScheduleView,
} from "./schedules/types.js";
