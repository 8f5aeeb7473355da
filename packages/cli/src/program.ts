import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { applyColor, resolveColor, type OutputOptions } from "./output.js";
import { CliError, EXIT } from "./exit-codes.js";
import { registerInit } from "./commands/init.js";
import { registerValidate } from "./commands/validate.js";
import { registerBuild } from "./commands/build.js";
import { registerDev } from "./commands/dev.js";
import { registerChat } from "./commands/chat.js";

const require = createRequire(import.meta.url);
const pkg = require("../package.json") as { version: string };

/** Shared state every command reads: resolved global flags. Commands set `exitCode` instead of calling process.exit. */
export interface RunState {
  output: OutputOptions;
  exitCode: number;
}

/** Build the commander program; each command lives in its own module under commands/. */
export function createProgram(state: RunState): Command {
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
      const opts = { ...thisCommand.opts(), ...actionCommand.opts() } as { json?: boolean; color?: boolean; verbose?: boolean };
      state.output.json = !!opts.json;
      state.output.verbose = !!opts.verbose;
      state.output.color = resolveColor(opts.color);
      applyColor(state.output.color);
    });
  registerInit(program, state);
  registerValidate(program, state);
  registerBuild(program, state);
  registerDev(program, state);
  registerChat(program, state);
  return program;
}

/** Entry point used by bin/imperal.mjs and by tests; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const state: RunState = { output: { json: false, color: false, verbose: false }, exitCode: EXIT.OK };
  const program = createProgram(state);
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.OK;
      // Usage errors are caught by commander before any action runs, so `--json` must be read from argv here.
      if (argv.includes("--json")) {
        const command = argv.slice(2).find((a) => !a.startsWith("-")) ?? null;
        const message = err.message.replace(/^error: /, "");
        process.stdout.write(JSON.stringify({ ok: false, command, error: { code: "E_USAGE", message, fix: "run `imperal --help` (or `imperal <command> --help`) for usage" } }) + "\n");
      }
      return EXIT.USAGE;
    }
    if (err instanceof CliError) {
      if (state.output.json) {
        process.stdout.write(JSON.stringify({ ok: false, command: program.args[0] ?? null, error: { code: err.code, message: err.message, fix: err.fix } }) + "\n");
      } else {
        process.stderr.write(`error ${err.code}: ${err.message}\n${err.fix ? `  fix: ${err.fix}\n` : ""}`);
      }
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`imperal: internal error: ${e?.message ?? String(err)}\n`);
    if (state.output.verbose && e?.stack) process.stderr.write(e.stack + "\n");
    return EXIT.INTERNAL;
  }
}
