/** Exit codes shared by every command (SPEC 3). */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  INTERNAL: 3,
} as const;

/** An error that maps to a specific exit code, with a stable code and a one-line fix. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
    readonly code: string = "E_USAGE",
    readonly fix?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}
