// Contracts between the skeleton scheduler and its collaborators. sqlite-store.ts implements SnapshotStore for the kernel.

/** One stored snapshot of a (user, section): the unwrapped `response` object and when it was refreshed (epoch ms). */
export interface SkeletonSnapshot {
  user: string;
  section: string;
  data: unknown;
  refreshedAt: number;
}

/** Persistence of the last good snapshot per (user, section). Sync or async implementations are both accepted. */
export interface SnapshotStore {
  get(user: string, section: string): SkeletonSnapshot | undefined | Promise<SkeletonSnapshot | undefined>;
  put(snapshot: SkeletonSnapshot): void | Promise<void>;
  list(user: string): SkeletonSnapshot[] | Promise<SkeletonSnapshot[]>;
  /** Removes every snapshot of the user (uninstall). */
  purgeUser(user: string): void | Promise<void>;
}

/**
 * What one refresh call produced. `response` is the handler's return value as-is: the scheduler unwraps the
 * `{ response: {...} }` envelope itself so a handler that returns the inner object is caught and recorded.
 */
export interface RefreshResult {
  ok: boolean;
  response?: unknown;
  error?: string | { code?: string; message: string };
}

export type RefreshFn = (user: string, section: string) => Promise<RefreshResult>;

/** Change notification: the kernel runs the section's `skeleton_alert_*` tool with it when the section has alert: true. */
export interface SkeletonChange {
  user: string;
  section: string;
  old: unknown;
  new: unknown;
}

/** A recorded refresh failure; the last good snapshot stays in the store. */
export interface SkeletonRefreshError {
  user: string;
  section: string;
  code:
    "SKELETON_BAD_RETURN" | "SKELETON_REFRESH_FAILED" | "SKELETON_REFRESH_TIMEOUT" | "SKELETON_STORE_FAILED" | string;
  message: string;
  at: number;
}

/** Per-refresh timing record (the benchmark and the event stream use it). */
export interface RefreshEvent {
  user: string;
  section: string;
  /** When the refresh was due (epoch ms); for on-demand refreshes, when it was requested. */
  dueAt: number;
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  changed: boolean;
  reason: "schedule" | "demand";
}

export interface SchedulerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
