import path from "node:path";
import kleur from "kleur";
import { existsSync, statSync } from "node:fs";
import { CliError, EXIT } from "../errors.js";
import { printEnvelope } from "../output.js";
import type { RunState } from "../run-state.js";
import { defineCommand } from "./define.js";
import {
  buildExtension,
  type BuildIssue,
  type BuildResult,
  type Finding,
  type SurfaceSummary,
} from "../build/index.js";

interface BuildFlags {
  outdir: string;
  check?: boolean;
  validate: boolean;
  typecheck: boolean;
}

/**
 * One line of counts from the SDK's summarizeSurface. It leads with everything that can be called and names plain
 * tools only when there are some, so a chat-only extension never reads as "tools 0" (the Python SDK's
 * "Tools: 0" confusion that SPEC 1.1 calls out).
 */
export function formatSummary(s: SurfaceSummary): string {
  const f = s.functions;
  const functions = f.read + f.write + f.destructive;
  const callable = functions + s.tools + s.skeletons + s.panels;
  const parts = [
    `callable ${callable}`,
    `functions ${functions} (read ${f.read}, write ${f.write}, destructive ${f.destructive})`,
    ...(s.tools > 0 ? [`tools ${s.tools}`] : []),
    `skeletons ${s.skeletons}`,
    `panels ${s.panels}`,
  ];
  return parts.join(" · ");
}

function formatIssue(i: BuildIssue, verbose: boolean): string {
  const where = i.file ? `${i.file}${i.line ? `:${i.line}${i.column ? `:${i.column}` : ""}` : ""}` : "";
  let s = `${kleur.red("error")} ${kleur.dim(i.code)} ${i.message}\n`;
  if (where) s += `  at ${kleur.cyan(where)}\n`;
  if (i.lineText) s += `    ${kleur.dim("|")} ${i.lineText}\n`;
  if (i.fix) s += `  fix: ${i.fix}\n`;
  if (verbose && i.detail)
    s +=
      kleur.dim(
        i.detail
          .split("\n")
          .map((l) => `    ${l}`)
          .join("\n"),
      ) + "\n";
  return s;
}

function formatFinding(f: Finding): string {
  const sev =
    f.severity === "error" ? kleur.red("error") : f.severity === "warn" ? kleur.yellow("warn") : kleur.blue("info");
  return `  ${kleur.cyan(`${f.file}:${f.line}:${f.column}`)}  ${sev}  ${f.message}  ${kleur.dim(f.rule)}\n${f.fix ? `      fix: ${f.fix}\n` : ""}`;
}

function relPath(p: string): string {
  return path.relative(process.cwd(), p) || ".";
}

function printHuman(r: BuildResult, state: RunState): void {
  const out = process.stdout;
  const err = process.stderr;
  if (r.validation && r.validation.findings.length) {
    const w = r.validation.findings;
    const stream = r.validation.errorCount ? err : out;
    if (r.validation.stylish) stream.write(r.validation.stylish);
    else {
      stream.write(
        `${kleur.bold("validate")}: ${r.validation.errorCount} error(s), ${r.validation.warningCount} warning(s)\n`,
      );
      for (const f of w) stream.write(formatFinding(f));
    }
  }
  for (const wi of r.warnings)
    out.write(
      `${kleur.yellow("warn")} ${kleur.dim(wi.code)} ${wi.message}${wi.file ? ` (${wi.file}:${wi.line})` : ""}\n`,
    );
  if (r.importOutput && (state.output.verbose || !r.ok)) {
    out.write(kleur.dim(`output while importing the extension:\n${r.importOutput.replace(/^/gm, "  | ")}\n`));
  }
  if (!r.ok) {
    for (const i of r.errors) err.write(formatIssue(i, state.output.verbose));
    if (r.check?.diff)
      err.write(r.check.diff.replace(/^([-+].*)$/gm, (l) => (l.startsWith("-") ? kleur.red(l) : kleur.green(l))));
    err.write(`${kleur.red("✖")} build failed${r.failedStage ? ` (${r.failedStage})` : ""}\n`);
    return;
  }
  const ms = Math.round(r.timings.totalMs);
  if (r.check) {
    out.write(`${kleur.green("✔")} imperal.json is up to date (${r.appId} v${r.version}, ${ms} ms)\n`);
  } else {
    const kb = r.bundleBytes !== undefined ? ` (${(r.bundleBytes / 1024).toFixed(1)} KiB)` : "";
    out.write(`${kleur.green("✔")} Built ${kleur.bold(r.appId ?? "?")} v${r.version} in ${ms} ms\n`);
    out.write(`  ${relPath(r.bundlePath)}${kb}\n`);
    out.write(`  ${relPath(r.manifestPath)}${r.manifestWritten ? "" : kleur.dim(" (unchanged)")}\n`);
  }
  if (r.summary) out.write(`  ${formatSummary(r.summary)}\n`);
}

/** `imperal build [dir] [--outdir dist] [--check] [--no-validate]`. */
export const buildCommand = defineCommand<{ dir: string }, BuildFlags>({
  name: "build",
  description: "validate, bundle src/index.ts with esbuild and write imperal.json (manifest v3)",
  args: [{ name: "dir", description: "extension root", default: "." }],
  options: [
    {
      flags: "--outdir <dir>",
      description: "bundle output directory, relative to the extension root",
      default: "dist",
    },
    {
      flags: "--check",
      description: "exit 1 with a diff when imperal.json differs from a fresh generation (does not write it)",
    },
    { flags: "--no-validate", description: "skip the validators" },
    { flags: "--no-typecheck", description: "skip the type check of src/ (TypeScript, the extension's tsconfig)" },
  ],
  async handler({ dir }, flags, { state }) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new CliError(
        "E_NO_DIR",
        `${dir} is not a directory`,
        "pass the extension root (the directory holding src/index.ts)",
      );
    }
    const r = await buildExtension(dir, {
      outdir: flags.outdir,
      check: flags.check,
      validate: flags.validate,
      typecheck: flags.typecheck,
    });
    if (state.output.json) printJson(r, state);
    else printHuman(r, state);
    state.exitCode = r.ok ? EXIT.OK : EXIT.FINDINGS;
  },
});

function printJson(r: BuildResult, state: RunState): void {
  const v = r.validation;
  printEnvelope("build", r.ok, {
    dir: r.dir,
    app_id: r.appId ?? null,
    version: r.version ?? null,
    manifest_path: r.manifestPath,
    bundle_path: r.bundlePath,
    bundle_bytes: r.bundleBytes ?? null,
    manifest_written: r.manifestWritten,
    summary: r.summary ?? null,
    surface: r.surface ?? null,
    validation: v ? { ok: v.ok, errorCount: v.errorCount, warningCount: v.warningCount, findings: v.findings } : null,
    errors: r.errors.map(({ detail, ...rest }) => (state.output.verbose ? { ...rest, detail } : rest)),
    warnings: r.warnings,
    ...(r.check ? { check: r.check } : {}),
    ...(r.failedStage ? { failed_stage: r.failedStage } : {}),
    timings_ms: Object.fromEntries(Object.entries(r.timings).map(([k, ms]) => [k.replace(/Ms$/, ""), Math.round(ms)])),
  });
}
