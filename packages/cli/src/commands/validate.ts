import * as fs from "node:fs";
import { InvalidArgumentError } from "commander";
import { CliError, EXIT } from "../errors.js";
import { defineCommand } from "./define.js";

const FORMATS = ["stylish", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];

function parseMaxWarnings(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError("expected an integer (-1 = unlimited)");
  const n = Number(value);
  if (n < -1) throw new InvalidArgumentError("expected an integer >= -1");
  return n;
}

/**
 * `imperal validate [dir] [--format stylish|json|sarif|github] [--max-warnings N]` — a thin shell over
 * `validateExtension()` from @imperal/validators (SPEC 2). Exit 0 clean, 1 errors or too many warnings,
 * 2 usage, 3 internal. `--json` (global) equals `--format json`.
 */
export const validateCommand = defineCommand<{ dir: string }, { format: Format; maxWarnings: number }>({
  name: "validate",
  description: "statically check an extension's source, icon and manifest (the extension is never executed)",
  args: [{ name: "dir", description: "extension directory", default: "." }],
  options: [
    { flags: "-f, --format <format>", description: "output format", choices: FORMATS, default: "stylish" },
    {
      flags: "--max-warnings <n>",
      description: "exit 1 when there are more than N warnings (-1 = unlimited)",
      parse: parseMaxWarnings,
      default: -1,
    },
  ],
  async handler({ dir }, opts, { state, command }) {
    let format = opts.format;
    if (state.output.json) {
      if (command.getOptionValueSource("format") === "cli" && format !== "json") {
        throw new CliError(
          "E_USAGE",
          `--json conflicts with --format ${format}`,
          "use either --json or --format <format>",
        );
      }
      format = "json";
    }
    // Loaded on use: the validators pull in ts-morph, which commands that never validate should not pay for.
    const v = await import("@imperal/validators");
    let result: Awaited<ReturnType<typeof v.validateExtension>>;
    try {
      result = await v.validateExtension(dir);
    } catch (err) {
      if (err instanceof v.ValidatorUsageError) {
        throw new CliError("E_NO_DIR", err.message, "pass the extension directory: imperal validate <dir>");
      }
      throw err;
    }
    const maxWarnings = opts.maxWarnings;
    const out = v.format(result, format, {
      maxWarnings,
      color: state.output.color,
      // `--format json` prints exactly the SPEC 2 object; the global `--json` envelope also names the command (SPEC 3).
      jsonExtra: state.output.json ? { command: "validate" } : undefined,
      version: cliVersion(),
    });
    process.stdout.write(out);
    if (state.output.verbose) {
      process.stderr.write(`validated ${result.files.length} file(s) in ${result.durationMs} ms\n`);
    }
    state.exitCode = v.isOk(result, maxWarnings) ? EXIT.OK : EXIT.FINDINGS;
  },
});

function cliVersion(): string | undefined {
  try {
    // dist/commands/validate.js -> package.json
    return (JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string })
      .version;
  } catch {
    return undefined;
  }
}
