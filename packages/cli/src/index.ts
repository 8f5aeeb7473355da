export { main, createProgram } from "./program.js";
export { createRunState, type RunState } from "./run-state.js";
export { EXIT, CliError, CLI_ERROR_CODES, type CliErrorCode, type ExitCode } from "./errors.js";
