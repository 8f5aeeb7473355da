import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { applyColor, resolveColor } from "./output.js";
import { CliError, EXIT } from "./errors.js";
import { commandOf, cwdProblem, printCliError } from "./cwd.js";
import { createRunState, type RunState } from "./run-state.js";
import { addCommand, type AnyCommandDefinition } from "./commands/define.js";
import { isCommandName, loadCommands } from "./commands/registry.js";

const require = createRequire(import.meta.url);
const pkg = require("../package.json") as { version: string };

/**
 * Build the commander program: global flags first (commands inherit the settings), then the given command
 * definitions (from {@link loadCommands}: every registered command, or only the one being run).
 */
export function createProgram(
  state: RunState,
  commands: readonly AnyCommandDefinition[],
  writeOut: (s: string) => void = (s) => process.stdout.write(s),
): Command {
  const program = new Command();
  program
    .name("imperal")
    .description("Build, validate and run Imperal chat-platform extensions locally.")
    .version(pkg.version, "-v, --version")
    .option("--json", "print one JSON envelope on stdout")
    .option("--no-color", "disable colour output")
    .option("--verbose", "show stack traces and debug detail")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut,
      writeErr: (s) => process.stderr.write(s),
    })
    .hook("preAction", (thisCommand, actionCommand) => {
      type GlobalFlags = { json?: boolean; color?: boolean; verbose?: boolean };
      const opts = { ...thisCommand.opts(), ...actionCommand.opts() } as GlobalFlags;
      state.output.json = !!opts.json;
      state.output.verbose = !!opts.verbose;
      state.output.color = resolveColor(opts.color);
      applyColor(state.output.color);
    });
  for (const command of commands) addCommand(program, command, state);
  return program;
}

const USAGE_FIX = "run `imperal --help` (or `imperal <command> --help`) for usage";

/** Entry point used by bin/imperal.mjs and by tests; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const gone = cwdProblem();
  if (gone) {
    printCliError(gone, argv.includes("--json"), commandOf(argv));
    return gone.exit;
  }
  const state = createRunState();
  // With --json, --help and --version answer with an envelope too: commander's text is captured, not printed.
  const json = argv.slice(2).includes("--json");
  let captured = "";
  // Global flags take no values, so the first argument that is not a flag names the command. Only that command's
  // module is loaded; help, a bare `imperal` and unknown commands load them all (their help lists every command).
  const first = argv.slice(2).find((a) => !a.startsWith("-"));
  const program = createProgram(
    state,
    await loadCommands(isCommandName(first) ? [first] : undefined),
    json ? (s) => void (captured += s) : undefined,
  );
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        if (json) {
          const body =
            err.code === "commander.version"
              ? { command: "version", version: pkg.version }
              : { command: "help", for: helpTarget(argv), help: captured };
          process.stdout.write(JSON.stringify({ ok: true, ...body }) + "\n");
        }
        return EXIT.OK;
      }
      // Usage errors are caught by commander before any action runs, so `--json` must be read from argv here.
      if (argv.includes("--json")) {
        const command = commandOf(argv);
        const message = err.message.replace(/^error: /, "");
        process.stdout.write(
          JSON.stringify({ ok: false, command, error: { code: "E_USAGE", message, fix: USAGE_FIX } }) + "\n",
        );
      }
      return EXIT.USAGE;
    }
    if (err instanceof CliError) {
      printCliError(err, state.output.json, program.args[0] ?? null);
      return err.exit;
    }
    const e = err as Error;
    process.stderr.write(`imperal: internal error: ${e?.message ?? String(err)}\n`);
    if (state.output.verbose && e?.stack) process.stderr.write(e.stack + "\n");
    return EXIT.INTERNAL;
  }
}

/** Which command's help was asked for (`imperal build --help` -> "build"), null for the program's own. */
function helpTarget(argv: string[]): string | null {
  const args = argv.slice(2).filter((a) => !a.startsWith("-"));
  const name = args[0] === "help" ? args[1] : args[0];
  return isCommandName(name) ? name : null;
}
