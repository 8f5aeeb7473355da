/**
 * The slice of `@imperal/sdk` the kernel uses, loaded at run time from the SDK's built dist.
 * (Typed locally so the kernel's contract with the SDK is written down in one place.)
 */
export interface GuardOk { ok: true; [k: string]: unknown }
export interface GuardFail { ok: false; code: string; message: string; [k: string]: unknown }
export type GuardResult = GuardOk | GuardFail;

/** Plain-JSON outcome of the SDK's `executeTool`. */
export type ToolOutcome =
  | { ok: true; kind: string; result: unknown }
  | { ok: false; code: string; message: string; feedback?: unknown; retryable?: boolean; detail?: string };

export interface SdkGuards {
  checkPlaceholders(args: unknown): GuardResult;
  checkFabricatedIds(args: unknown, opts: { seen: ReadonlySet<string> | Iterable<string>; idProjection?: string }): GuardResult;
  validateParams?(schema: unknown, args: unknown, opts?: { attempt?: number }): GuardResult;
  toUserMessage?(err: unknown): string;
}

export interface SdkMain {
  isExtension(x: unknown): boolean;
  callableSurface(ext: unknown): Array<Record<string, unknown> & { name: string; kind: string; actionType: string }>;
  buildContext(kind: string, parts: Record<string, unknown>): unknown;
  executeTool(ext: unknown, name: string, rawArgs: unknown, ctx: unknown, opts?: Record<string, unknown>): Promise<ToolOutcome>;
  generateManifest?(ext: unknown, opts?: Record<string, unknown>): unknown;
  ImperalError: new (code: string, message: string, fix?: string) => Error;
  StoreConflict: new (...a: never[]) => Error;
  SecretNotDeclared: new (...a: never[]) => Error;
  ValidationError: new (...a: never[]) => Error;
  TaskCancelled: new (...a: never[]) => Error;
}

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
