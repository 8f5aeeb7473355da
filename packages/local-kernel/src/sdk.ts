// The slice of `@imperal/sdk` the kernel uses at run time. Types come from the SDK itself; the modules are
// imported lazily (once) so the kernel thread and every worker share one loaded copy.
import type * as SdkModule from "@imperal/sdk";
import type * as GuardsModule from "@imperal/sdk/guards";

/** `@imperal/sdk` as loaded at run time. */
export type SdkMain = typeof SdkModule;
/** `@imperal/sdk/guards` as loaded at run time. */
export type SdkGuards = typeof GuardsModule;

type WithoutTool<T> = T extends unknown ? Omit<T, "tool"> & { tool?: string } : never;
/**
 * A tool outcome as the kernel handles it: the SDK's `executeTool` outcome after it crossed the worker port, or
 * one the kernel made itself (a worker that exited, a call it stopped), which names no tool.
 */
export type ToolOutcome =
  | WithoutTool<SdkModule.ToolOutcome>
  | { ok: false; code: string; message: string; detail?: string; feedback?: unknown; retryable?: boolean };

const MAIN = "@imperal/sdk";
const GUARDS = "@imperal/sdk/guards";

let mainP: Promise<SdkMain> | undefined;
let guardsP: Promise<SdkGuards> | undefined;

/** Loads `@imperal/sdk` (once). */
export function loadSdk(): Promise<SdkMain> {
  mainP ??= import(MAIN) as Promise<SdkMain>;
  return mainP;
}
/** Loads `@imperal/sdk/guards` (once). */
export function loadGuards(): Promise<SdkGuards> {
  guardsP ??= import(GUARDS) as Promise<SdkGuards>;
  return guardsP;
}
