import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { applyColor, resolveColor } from "./output.js";
import { CliError, EXIT } from "./errors.js";
import { createRunState, type RunState } from "./run-state.js";
import { addCommand, type AnyCommandDefinition } from "./commands/define.js";
import { isCommandName, loadCommands } from "./commands/registry.js";

const require = createRequire(import.meta.url);
const pkg = require("../package.json") as { version: string };

/**
 * Build the commander program: global flags first (commands inherit the settings), then the given command
 * definitions (from {@link loadCommands}: every registered command, or only the one being run).
 */
export function createProgram(state: RunState, commands: readonly AnyCommandDefinition[]): Command {
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
      writeOut: (s) => process.stdout.write(s),
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
  const state = createRunState();
  // Global flags take no values, so the first argument that is not a flag names the command. Only that command's
  // module is loaded; help, a bare `imperal` and unknown commands load them all (their help lists every command).
  const first = argv.slice(2).find((a) => !a.startsWith("-"));
  const program = createProgram(state, await loadCommands(isCommandName(first) ? [first] : undefined));
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help")
        return EXIT.OK;
      // Usage errors are caught by commander before any action runs, so `--json` must be read from argv here.
      if (argv.includes("--json")) {
        const command = argv.slice(2).find((a) => !a.startsWith("-")) ?? null;
        const message = err.message.replace(/^error: /, "");
        process.stdout.write(
          JSON.stringify({ ok: false, command, error: { code: "E_USAGE", message, fix: USAGE_FIX } }) + "\n",
        );
      }
      return EXIT.USAGE;
    }
    if (err instanceof CliError) {
      if (state.output.json) {
        const error = { code: err.code, message: err.message, fix: err.fix };
        process.stdout.write(JSON.stringify({ ok: false, command: program.args[0] ?? null, error }) + "\n");
      } else {
        process.stderr.write(`error ${err.code}: ${err.message}\n${err.fix ? `  fix: ${err.fix}\n` : ""}`);
      }
      return err.exit;
    }
    const e = err as Error;
    process.stderr.write(`imperal: internal error: ${e?.message ?? String(err)}\n`);
    if (state.output.verbose && e?.stack) process.stderr.write(e.stack + "\n");
    return EXIT.INTERNAL;
  }
}
