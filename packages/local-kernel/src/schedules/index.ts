// Schedules (SPEC 7.3): the kernel clock, the pure due-time core, the loop, and the shapes of their API.
export { createTestClock, realClock, type KernelClock, type TestClock, type CancelTimer } from "./clock.js";
export { dueFires, nextRunAt, nextWake, floorMinute, type DueFire, type DueInput, type DueSchedule } from "./due.js";
export { ScheduleRuntime, DEFAULT_SCHEDULE_TIMEOUT_S, type ScheduleDef } from "./runtime.js";
export type { ScheduleLastRun, ScheduleOptions, ScheduleRunResult, ScheduleRunStatus, ScheduleView } from "./types.js";
