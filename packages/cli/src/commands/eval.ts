import kleur from "kleur";
import { CliError, EXIT } from "../errors.js";
import { printEnvelope } from "../output.js";
import { defineCommand } from "./define.js";
import { EVAL_FORMATS, type EvalFormat } from "../eval/report.js";

interface EvalFlags {
  llm: "embedded" | "openai";
  format: EvalFormat;
}

/**
 * `imperal eval [dir] [--llm embedded|openai] [--format stylish|json|junit]` (SPEC 9): the extension's
 * `evals/*.json` against a fresh local kernel. Exit 0 all pass, 1 a case failed (or the build failed), 2 a bad eval file.
 */
export const evalCommand = defineCommand<{ dir: string }, EvalFlags>({
  name: "eval",
  description: "run the extension's evals/*.json chat cases against a fresh local kernel",
  args: [{ name: "dir", description: "extension directory", default: "." }],
  options: [
    { flags: "--llm <provider>", description: "classifier", choices: ["embedded", "openai"], default: "embedded" },
    { flags: "-f, --format <format>", description: "output format", choices: EVAL_FORMATS, default: "stylish" },
  ],
  helpAfter: "\nExit codes: 0 every case passed, 1 a case failed or the build failed, 2 a malformed eval file.\n",
  async handler({ dir }, flags, { state, command }) {
    let format = flags.format;
    if (state.output.json) {
      if (command.getOptionValueSource("format") === "cli" && format !== "json")
        throw new CliError(
          "E_USAGE",
          `--json conflicts with --format ${format}`,
          "use either --json or --format <format>",
        );
      format = "json";
    }
    // Loaded on use, so other commands never load the kernel or the build library.
    const { runEvals } = await import("../eval/run.js");
    const report = await import("../eval/report.js");
    let lastFile: string | undefined;
    const r = await runEvals(dir, {
      llm: flags.llm,
      onBuild: (reason) => process.stderr.write(kleur.dim(`building the extension first: ${reason}\n`)),
      onCase:
        format === "stylish"
          ? (c) => {
              if (c.file !== lastFile) process.stdout.write(`${kleur.underline(c.file)}\n`);
              lastFile = c.file;
              process.stdout.write(report.formatCaseLine(c));
            }
          : undefined,
    });
    if (format === "json") printEnvelope("eval", r.ok, report.jsonBody(r));
    else if (format === "junit") process.stdout.write(report.formatJunit(r));
    // stylish: the cases were printed as they finished; the totals are left
    else process.stdout.write(`\n${report.formatTotals(r)}`);
    state.exitCode = r.ok ? EXIT.OK : EXIT.FINDINGS;
  },
});
