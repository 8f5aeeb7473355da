export { main, createProgram, type RunState } from "./program.js";
export { EXIT, CliError } from "./exit-codes.js";
