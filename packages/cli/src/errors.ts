// The CLI's one error shape and the one list of its error codes. Codes are part of the `--json` contract
// (scripts and editors match on them), so they are spelled here once and a test keeps the source in line with the list.

/** Exit codes shared by every command (SPEC 3). */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  INTERNAL: 3,
} as const;

/** One of the exit codes in {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code the CLI itself raises, as a CliError or as a located build issue. */
export const CLI_ERROR_CODES = [
  // usage and arguments (any command)
  "E_USAGE",
  "E_NO_DIR",
  "E_NO_CWD",
  // imperal init
  "E_INIT_MISSING_ANSWER",
  "E_INIT_TEMPLATE",
  "E_INIT_APP_ID",
  "E_INIT_DISPLAY_NAME",
  "E_INIT_DIR_NOT_EMPTY",
  "E_INIT_LOCAL",
  "E_INIT_LOCAL_UNBUILT",
  "E_INIT_TARBALLS",
  // imperal build (also the located issues `imperal dev` reports)
  "E_BUILD_NO_ENTRY",
  "E_BUILD_COMPILE",
  "E_BUILD_IMPORT",
  "E_BUILD_IMPORT_TIMEOUT",
  "E_BUILD_INTERNAL",
  "E_BUILD_NO_EXTENSION",
  "E_BUILD_MANY_EXTENSIONS",
  "E_BUILD_EMPTY_SCHEMA",
  "E_BUILD_MANIFEST",
  "E_BUILD_MANIFEST_SCHEMA",
  "E_BUILD_MANIFEST_DRIFT",
  "E_BUILD_ICON",
  "E_BUILD_VALIDATION",
  "E_BUILD_TYPECHECK",
  // imperal dev
  "E_BAD_PORT",
  "E_NO_FREE_PORT",
  "E_BAD_USER",
  "E_BAD_USERS_FILE",
  "E_DEV_ALREADY_RUNNING",
  "E_WITH_NOT_BUILT",
  "E_DEV_START",
  "E_DEV_LOAD",
  "E_DEV_CLOSED",
  "E_KERNEL_MISSING",
  "E_LLM_NOT_CONFIGURED",
  // imperal chat
  "E_NO_KERNEL",
  "E_NO_TOKEN",
  // imperal eval
  "E_EVAL_NO_FILES",
  "E_EVAL_FILE",
  "E_EVAL_BUILD",
] as const;

/** A code from {@link CLI_ERROR_CODES}. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** Codes of problems that are reported but do not fail the command. */
export const CLI_WARNING_CODES = ["W_BUILD_BUNDLE"] as const;

/** What a located build issue (an error or a warning) can be coded as. */
export type CliIssueCode = CliErrorCode | (typeof CLI_WARNING_CODES)[number];

/**
 * Codes the `imperal dev` front answers with over HTTP when no kernel can (no build loaded yet, kernel gone). They
 * use the kernel's HTTP error shape and naming, since clients read them as kernel answers.
 */
export const DEV_FRONT_HTTP_CODES = ["UNAUTHORIZED", "NO_BUILD", "KERNEL_UNREACHABLE", "BODY_TOO_LARGE"] as const;

/** A code from {@link DEV_FRONT_HTTP_CODES}. */
export type DevFrontHttpCode = (typeof DEV_FRONT_HTTP_CODES)[number];

/** Codes the inspector's routes answer with (same shape as the front's): a foreign Host/Origin, an unknown asset. */
export const INSPECTOR_HTTP_CODES = ["FORBIDDEN_HOST", "FORBIDDEN_ORIGIN", "UNAUTHORIZED", "NOT_BUILT"] as const;

/** A code from {@link INSPECTOR_HTTP_CODES}. */
export type InspectorHttpCode = (typeof INSPECTOR_HTTP_CODES)[number];

declare const relayedBrand: unique symbol;
/** A code another component chose (the kernel's HTTP errors, a Node system error): shown as is, not the CLI's to list. */
export type RelayedCode = string & { readonly [relayedBrand]: true };

/** Mark a code that comes from elsewhere, so passing it to CliError is a visible decision rather than a typo. */
export function relayed(code: string): RelayedCode {
  return code as RelayedCode;
}

/** True when `code` is one of the CLI's own codes. */
export function isCliErrorCode(code: unknown): code is CliErrorCode {
  return typeof code === "string" && (CLI_ERROR_CODES as readonly string[]).includes(code);
}

/** An error the CLI reports as `error <code>: <message>` plus a one-line fix, and exits with `exit`. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode | RelayedCode,
    message: string,
    readonly fix?: string,
    readonly exit: ExitCode = EXIT.USAGE,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Re-raise whatever a lower layer threw as a CliError exiting with `exit`: its own code and fix survive (a Node
 * system error keeps e.g. EADDRINUSE), the fallbacks fill in what it lacks.
 */
export function asCliError(e: unknown, fallback: { code: CliErrorCode; fix: string }, exit: ExitCode): CliError {
  const err = e as { message?: unknown; code?: unknown; fix?: unknown } | null | undefined;
  const code =
    typeof err?.code === "string" ? (isCliErrorCode(err.code) ? err.code : relayed(err.code)) : fallback.code;
  const fix = typeof err?.fix === "string" ? err.fix : fallback.fix;
  const message = typeof err?.message === "string" ? err.message : String(e);
  return new CliError(code, message, fix, exit);
}
