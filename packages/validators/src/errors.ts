/**
 * The package's codes in one place: the error codes it throws and the finding ids the engine reports itself
 * (not rule checks of the SPEC 2 table). Callers branch on a code, never on message text, so a code is never
 * renamed once published.
 */

/** Finding ids reported by the engine rather than by a rule check. */
export const FINDING_IDS = {
  /** a file that does not parse, is nested too deeply to analyse, or that the engine failed to index (never suppressible) */
  PARSE: "PARSE",
  /** an invalid directive, or one that suppresses nothing (never suppressible) */
  SUPPRESSION: "SUPPRESSION",
  /**
   * something the validator could not check, never passed silently (warn): a registration it cannot follow,
   * a file skipped by a size or count cap, a config or source reached through a symlink out of the root
   */
  CANNOT_VERIFY: "CANNOT-VERIFY",
} as const;

/** Codes of the errors the package throws. */
export const ERROR_CODES = {
  /** `validateExtension(dir)` with a path that does not exist */
  DIRECTORY_NOT_FOUND: "DIRECTORY_NOT_FOUND",
  /** `validateExtension(dir)` with a path that is not a directory */
  NOT_A_DIRECTORY: "NOT_A_DIRECTORY",
  /** the TypeScript compiler bundled with ts-morph has an unexpected shape (internal: the engine falls back) */
  COMPILER_SHAPE: "COMPILER_SHAPE",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The fix line of findings that report a failure of the validator itself, not of the extension. */
export const VALIDATOR_BUG_FIX = "report this as a validator bug";

/** Base of every error the package throws: a stable `code`, the message and a one-line `fix`. */
export class ValidatorError extends Error {
  readonly code: ErrorCode;
  readonly fix: string;
  constructor(code: ErrorCode, message: string, fix: string) {
    super(message);
    this.name = "ValidatorError";
    this.code = code;
    this.fix = fix;
  }
}

/** Thrown for caller mistakes (missing directory): the CLI maps it to exit code 2. */
export class ValidatorUsageError extends ValidatorError {
  constructor(code: ErrorCode, message: string, fix: string) {
    super(code, message, fix);
    this.name = "ValidatorUsageError";
  }
}
