/** Reporters: stylish (default, kleur colours), json (SPEC 2 object), sarif (2.1.0), github (workflow commands). */
import kleur from "kleur";
import type { Finding, JsonReport, ValidateResult, RuleMeta } from "../types.js";
import { rules } from "../rules/index.js";
import { FINDING_IDS } from "../errors.js";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  /** warnings allowed before the run fails (`--max-warnings`); -1/undefined = unlimited */
  maxWarnings?: number;
  /** tool version written into SARIF */
  version?: string;
  /** extra keys merged into the json report (e.g. `command` for the CLI envelope) */
  jsonExtra?: Record<string, unknown>;
  /** force colour on/off for stylish (default: kleur's global setting) */
  color?: boolean;
}

/** SPEC 2 pass/fail: no errors, and warnings within --max-warnings. */
export function isOk(result: Pick<ValidateResult, "errorCount" | "warningCount">, maxWarnings?: number): boolean {
  if (result.errorCount > 0) return false;
  if (maxWarnings !== undefined && maxWarnings >= 0 && result.warningCount > maxWarnings) return false;
  return true;
}

/** The SPEC 2 JSON object, with exactly the finding keys the spec lists. */
export function toJsonReport(result: ValidateResult, opts: FormatOptions = {}): JsonReport {
  return {
    ok: isOk(result, opts.maxWarnings),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    findings: result.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      message: f.message,
      fix: f.fix,
    })),
  };
}

/** One line of JSON; `jsonExtra` keys (the CLI envelope) go right after `ok`. */
export function formatJson(result: ValidateResult, opts: FormatOptions = {}): string {
  const r = toJsonReport(result, opts);
  const obj = opts.jsonExtra
    ? { ok: r.ok, ...opts.jsonExtra, errorCount: r.errorCount, warningCount: r.warningCount, findings: r.findings }
    : r;
  return JSON.stringify(obj) + "\n";
}

/** Human output; `color` overrides kleur's global setting for this call only (the caller's setting is restored). */
export function formatStylish(result: ValidateResult, opts: FormatOptions = {}): string {
  const prev = kleur.enabled;
  if (opts.color !== undefined) kleur.enabled = opts.color;
  try {
    return stylish(result, opts);
  } finally {
    kleur.enabled = prev;
  }
}

function stylish(result: ValidateResult, opts: FormatOptions): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const arr = byFile.get(f.file) ?? [];
    arr.push(f);
    byFile.set(f.file, arr);
  }
  for (const [file, fs] of byFile) {
    lines.push(kleur.underline(file));
    const locW = Math.max(...fs.map((f) => `${f.line}:${f.column}`.length));
    for (const f of fs) {
      const sev =
        f.severity === "error"
          ? kleur.red("error")
          : f.severity === "warn"
            ? kleur.yellow("warn ")
            : kleur.blue("info ");
      lines.push(`  ${kleur.dim(`${f.line}:${f.column}`.padEnd(locW))}  ${sev}  ${f.message}  ${kleur.dim(f.rule)}`);
      if (f.fix) lines.push(`  ${" ".repeat(locW)}         ${kleur.cyan("fix:")} ${f.fix}`);
    }
    lines.push("");
  }
  const total = result.errorCount + result.warningCount;
  if (total === 0) {
    lines.push(
      kleur.green(`✔ no problems (${result.files.length} file${result.files.length === 1 ? "" : "s"} checked)`),
    );
  } else {
    const plural = (n: number): string => (n === 1 ? "" : "s");
    const counts = `${result.errorCount} error${plural(result.errorCount)}, ${result.warningCount} warning${plural(result.warningCount)}`;
    const summary = `✖ ${total} problem${plural(total)} (${counts})`;
    lines.push(result.errorCount ? kleur.red().bold(summary) : kleur.yellow().bold(summary));
  }
  if (
    result.errorCount === 0 &&
    opts.maxWarnings !== undefined &&
    opts.maxWarnings >= 0 &&
    result.warningCount > opts.maxWarnings
  ) {
    lines.push(kleur.red(`too many warnings (${result.warningCount}); maximum allowed is ${opts.maxWarnings}`));
  }
  return lines.join("\n") + "\n";
}

/** GitHub Actions workflow commands: one `::error file=...,line=...,col=...::[RULE] message` per finding. */
export function formatGithub(result: ValidateResult): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escProp = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const out = result.findings.map((f) => {
    const cmd = f.severity === "error" ? "error" : f.severity === "warn" ? "warning" : "notice";
    return `::${cmd} file=${escProp(f.file)},line=${f.line},col=${f.column}::${esc(`[${f.rule}] ${f.message}${f.fix ? ` — fix: ${f.fix}` : ""}`)}`;
  });
  return out.length ? out.join("\n") + "\n" : "";
}

const HELP_URI_BASE = "https://github.com/imperal/imperal-ts/blob/main/packages/validators/";

function allMeta(): RuleMeta[] {
  return [
    ...rules.map((r) => r.meta),
    {
      id: FINDING_IDS.SUPPRESSION,
      severity: "error",
      description:
        "A suppression comment without a reason or with unknown rule ids (error), or one that suppresses nothing (warning).",
      docs: "docs/suppressions.md",
      fix: "write `// imperal-disable-next-line <RULE> -- <reason>`",
    },
  ];
}

/** SARIF 2.1.0 log (validated against the official schema in the tests). */
export function toSarif(result: ValidateResult, opts: FormatOptions = {}): object {
  const metas = allMeta();
  const index = new Map(metas.map((m, i) => [m.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "imperal-validate",
            informationUri: HELP_URI_BASE + "README.md",
            version: opts.version ?? "0.1.0",
            rules: metas.map((m) => ({
              id: m.id,
              name: m.id.replace(/[^A-Za-z0-9]/g, ""),
              shortDescription: { text: m.description },
              fullDescription: { text: m.description },
              helpUri: HELP_URI_BASE + m.docs,
              help: { text: m.fix },
              defaultConfiguration: { level: m.severity === "error" ? "error" : "warning" },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileUri(result.root) } },
        results: result.findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: f.severity === "error" ? "error" : f.severity === "warn" ? "warning" : "note",
          message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: "SRCROOT" },
                region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
              },
            },
          ],
        })),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

function pathToFileUri(p: string): string {
  const s = p.split("\\").join("/");
  return "file://" + encodeURI(s.startsWith("/") ? s : "/" + s) + (s.endsWith("/") ? "" : "/");
}

/** SARIF 2.1.0 log as pretty-printed JSON. */
export function formatSarif(result: ValidateResult, opts: FormatOptions = {}): string {
  return JSON.stringify(toSarif(result, opts), null, 2) + "\n";
}

/** Format a result in one of FORMATS (stylish for anything unknown). */
export function format(result: ValidateResult, fmt: Format, opts: FormatOptions = {}): string {
  switch (fmt) {
    case "json":
      return formatJson(result, opts);
    case "sarif":
      return formatSarif(result, opts);
    case "github":
      return formatGithub(result);
    default:
      return formatStylish(result, opts);
  }
}
