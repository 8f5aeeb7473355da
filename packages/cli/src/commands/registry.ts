import type { AnyCommandDefinition } from "./define.js";

/**
 * Every `imperal` command, in the order `imperal --help` lists them. A new command is added here and nowhere else.
 * Each entry loads its module on demand: `imperal build` in a fresh process loads only the build command (and what
 * it imports), not the dev server, the REPL, the kernel client or the validators (SPEC 9: build speed).
 */
const lazy = (load: () => Promise<AnyCommandDefinition>) => load;

export const COMMAND_LOADERS = {
  init: lazy(async () => (await import("./init.js")).initCommand),
  validate: lazy(async () => (await import("./validate.js")).validateCommand),
  build: lazy(async () => (await import("./build.js")).buildCommand),
  dev: lazy(async () => (await import("./dev.js")).devCommand),
  chat: lazy(async () => (await import("./chat.js")).chatCommand),
  eval: lazy(async () => (await import("./eval.js")).evalCommand),
};

/** A registered command name. */
export type CommandName = keyof typeof COMMAND_LOADERS;

/** The registered command names, in registry order. */
export const COMMAND_NAMES = Object.keys(COMMAND_LOADERS) as CommandName[];

/** True when `name` is a registered command. */
export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(COMMAND_LOADERS, name);
}

/** Load command definitions: the named ones, or every one (in registry order). */
export async function loadCommands(names: readonly CommandName[] = COMMAND_NAMES): Promise<AnyCommandDefinition[]> {
  return Promise.all(names.map((n) => COMMAND_LOADERS[n]()));
}
