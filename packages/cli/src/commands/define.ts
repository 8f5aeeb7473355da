import { Option, type Command } from "commander";
import type { RunState } from "../run-state.js";

// A command is a plain value (name, help, arguments, options, handler) rather than a function that mutates the
// program: the registry can list them, tests can inspect them, and no command module needs to know program.ts.

/** A positional argument; optional ones show as `[name]` in the usage line, required ones as `<name>`. */
export interface ArgSpec<Name extends string = string> {
  name: Name;
  description: string;
  required?: boolean;
  default?: string;
}

/** An option in commander's flag syntax (`-f, --format <format>`, `--no-validate`). */
export interface OptionSpec {
  flags: string;
  description: string;
  default?: unknown;
  /** Allowed values; commander rejects others as a usage error and lists them in --help. */
  choices?: readonly string[];
  /** Converts (and checks) each value; throw commander's InvalidArgumentError to make a bad value a usage error. */
  parse?: (value: string, previous: never) => unknown;
}

/** What a handler gets besides its arguments and flags. */
export interface CommandContext {
  state: RunState;
  /** The commander command being run, for questions only commander can answer (where an option value came from). */
  command: Command;
}

/** One `imperal <name>` command as a value. `Args` maps each positional argument's name to its parsed value. */
export interface CommandDefinition<Args extends object = Record<string, unknown>, Flags = Record<string, unknown>> {
  name: string;
  description: string;
  args?: readonly ArgSpec<keyof Args & string>[];
  options?: readonly OptionSpec[];
  /** Shown after the generated --help (exit codes, an example). */
  helpAfter?: string;
  /** Runs the command; report failures by throwing CliError and results by setting `ctx.state.exitCode`. */
  handler(args: Args, flags: Flags, ctx: CommandContext): Promise<void>;
}

/** Any command definition, whatever its argument and flag types (what the registry holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandDefinition = CommandDefinition<any, any>;

/** Declare a command; an identity function that exists so `Args`/`Flags` are inferred and checked in one place. */
export function defineCommand<Args extends object, Flags>(
  def: CommandDefinition<Args, Flags>,
): CommandDefinition<Args, Flags> {
  return def;
}

/** Add a command definition to the program; settings such as exitOverride are inherited, so call it after them. */
export function addCommand(program: Command, def: AnyCommandDefinition, state: RunState): Command {
  const cmd = program.command(def.name).description(def.description);
  const args = def.args ?? [];
  for (const a of args) cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description, a.default);
  for (const o of def.options ?? []) cmd.addOption(toOption(o));
  if (def.helpAfter) cmd.addHelpText("after", def.helpAfter);
  cmd.action(async (...values: unknown[]) => {
    // commander calls the action with the declared arguments, then the parsed options, then the command itself.
    const parsed = Object.fromEntries(args.map((a, i) => [a.name, values[i]]));
    await def.handler(parsed, values[args.length], { state, command: values[args.length + 1] as Command });
  });
  return cmd;
}

function toOption(o: OptionSpec): Option {
  const option = new Option(o.flags, o.description);
  if (o.choices) option.choices(o.choices);
  if (o.parse) option.argParser(o.parse as (value: string, previous: unknown) => unknown);
  if (o.default !== undefined) option.default(o.default);
  return option;
}
