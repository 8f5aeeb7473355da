import type { AnyCommandDefinition } from "./define.js";
import { initCommand } from "./init.js";
import { validateCommand } from "./validate.js";
import { buildCommand } from "./build.js";
import { devCommand } from "./dev.js";
import { chatCommand } from "./chat.js";
import { evalCommand } from "./eval.js";

/** Every `imperal` command, in the order `imperal --help` lists them. A new command is added here and nowhere else. */
export const COMMANDS: readonly AnyCommandDefinition[] = [
  initCommand,
  validateCommand,
  buildCommand,
  devCommand,
  chatCommand,
  evalCommand,
];
