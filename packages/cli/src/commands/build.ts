import type { Command } from "commander";
import type { RunState } from "../program.js";
import { CliError, EXIT } from "../exit-codes.js";

/** Register `imperal build` (not implemented yet: owned by its issue). */
export function registerBuild(program: Command, _state: RunState): void {
  program
    .command("build")
    .description("build (not implemented yet)")
    .allowUnknownOption(true)
    .argument("[args...]")
    .action(() => {
      throw new CliError("`imperal build` is not implemented yet", EXIT.INTERNAL, "E_NOT_IMPLEMENTED", "use a newer @imperal/cli");
    });
}
