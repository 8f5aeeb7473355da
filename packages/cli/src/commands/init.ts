import type { Command } from "commander";
import type { RunState } from "../program.js";
import { CliError, EXIT } from "../exit-codes.js";

/** Register `imperal init` (not implemented yet: owned by its issue). */
export function registerInit(program: Command, _state: RunState): void {
  program
    .command("init")
    .description("init (not implemented yet)")
    .allowUnknownOption(true)
    .argument("[args...]")
    .action(() => {
      throw new CliError("`imperal init` is not implemented yet", EXIT.INTERNAL, "E_NOT_IMPLEMENTED", "use a newer @imperal/cli");
    });
}
