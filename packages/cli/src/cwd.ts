// The shell's working directory can be deleted under it; Node then throws ENOENT (uv_cwd) from process.cwd(),
// which every relative path resolution calls and which some dependencies (esbuild) call while loading. So the
// launcher checks it before it loads anything else, and main() checks it again for in-process callers.
import { CliError, EXIT } from "./errors.js";

/** A CliError (exit 2) when the current working directory no longer exists; undefined when it is fine. */
export function cwdProblem(): CliError | undefined {
  try {
    process.cwd();
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? "error";
    return new CliError(
      "E_NO_CWD",
      `the current working directory no longer exists (${code}); relative paths such as "." cannot be resolved`,
      "cd into an existing directory (for example `cd ~`) and run the command again",
      EXIT.USAGE,
    );
  }
}

/** The command word of an argv (`imperal validate ...` -> "validate"), for the `--json` envelope. */
export function commandOf(argv: string[]): string | null {
  return argv.slice(2).find((a) => !a.startsWith("-")) ?? null;
}

/** Print a CliError in the CLI's one shape: the `--json` envelope on stdout, or `error <code>: ...` on stderr. */
export function printCliError(err: CliError, json: boolean, command: string | null): void {
  if (json) {
    const error = { code: err.code, message: err.message, fix: err.fix };
    process.stdout.write(JSON.stringify({ ok: false, command, error }) + "\n");
  } else {
    process.stderr.write(`error ${err.code}: ${err.message}\n${err.fix ? `  fix: ${err.fix}\n` : ""}`);
  }
}
