import type { CliIssueCode } from "../errors.js";

/** One problem found while building: a stable code, a message, an optional source location and a one-line fix. */
export interface BuildIssue {
  code: CliIssueCode;
  message: string;
  /** Relative to the extension root, `/` separators. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  lineText?: string;
  fix?: string;
  /** Stack trace or other detail, shown only with --verbose. */
  detail?: string;
}

/** Counts from the SDK's `summarizeSurface` (the one callable-surface function). */
export interface SurfaceSummary {
  functions: { read: number; write: number; destructive: number };
  tools: number;
  skeletons: number;
  panels: number;
}

/** One callable entry as reported by the loader worker (handlers and schemas stay in the worker). */
export interface SurfaceEntry {
  name: string;
  kind: string;
  actionType: string;
}
