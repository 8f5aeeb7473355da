import { EXIT } from "./errors.js";
import type { OutputOptions } from "./output.js";

/**
 * What every command reads and writes during one run: the resolved global flags, and the exit code. Commands set
 * `exitCode` instead of calling process.exit, so `main()` stays testable in-process.
 */
export interface RunState {
  output: OutputOptions;
  exitCode: number;
}

/** A fresh state: flags at their defaults until the preAction hook resolves them, exit code OK. */
export function createRunState(): RunState {
  return { output: { json: false, color: false, verbose: false }, exitCode: EXIT.OK };
}
