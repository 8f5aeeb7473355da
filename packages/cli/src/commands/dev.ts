import type { Command } from "commander";
import type { RunState } from "../program.js";
import { CliError, EXIT } from "../exit-codes.js";

/** Register `imperal dev` (not implemented yet: owned by its issue). */
export function registerDev(program: Command, _state: RunState): void {
  program
    .command("dev")
    .description("dev (not implemented yet)")
    .allowUnknownOption(true)
    .argument("[args...]")
    .action(() => {
      throw new CliError("`imperal dev` is not implemented yet", EXIT.INTERNAL, "E_NOT_IMPLEMENTED", "use a newer @imperal/cli");
    });
}
