import type { Command } from "commander";
import type { RunState } from "../program.js";
import { CliError, EXIT } from "../exit-codes.js";

/** Register `imperal validate` (not implemented yet: owned by its issue). */
export function registerValidate(program: Command, _state: RunState): void {
  program
    .command("validate")
    .description("validate (not implemented yet)")
    .allowUnknownOption(true)
    .argument("[args...]")
    .action(() => {
      throw new CliError("`imperal validate` is not implemented yet", EXIT.INTERNAL, "E_NOT_IMPLEMENTED", "use a newer @imperal/cli");
    });
}
