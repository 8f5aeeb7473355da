// The three shapes of an eval report: stylish (people), the JSON envelope (scripts), JUnit XML (CI test tabs).
import kleur from "kleur";
import type { CaseResult, EvalReport } from "./run.js";
import { formatPlan } from "./match.js";

/** The output formats of `imperal eval --format`. */
export const EVAL_FORMATS = ["stylish", "json", "junit"] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

const ms = (n: number) => `${Math.round(n)} ms`;

/** One line per case as it finishes (stylish progress). */
export function formatCaseLine(r: CaseResult): string {
  const mark = r.pass ? kleur.green("✓") : kleur.red("✗");
  let s = `  ${mark} ${r.name} ${kleur.dim(ms(r.durationMs))}\n`;
  if (!r.pass) {
    s += `      ${kleur.dim("message:")} ${JSON.stringify(r.message)}\n`;
    for (const p of r.problems) s += `      ${kleur.red("-")} ${p}\n`;
    const code = r.actual.code ? ` ${r.actual.code}` : "";
    s += `      ${kleur.dim("actual:")}  ${formatPlan(r.actual.plan)} ${kleur.dim(`→ ${r.actual.outcome}${code}`)}\n`;
  }
  return s;
}

/** The stylish report, printed file by file. */
export function formatStylish(r: EvalReport): string {
  let s = "";
  if (r.build.built) s += kleur.dim(`built the extension first (${r.build.reason})\n`);
  for (const f of r.files) {
    s += `${kleur.underline(f.file)}\n`;
    for (const c of f.cases) s += formatCaseLine(c);
  }
  return `${s}\n${formatTotals(r)}`;
}

/** The totals line: `✓ 6/6 passed (1819 ms, --llm embedded)`. */
export function formatTotals(r: EvalReport): string {
  const { cases, passed, failed } = r.totals;
  const line = `${passed}/${cases} passed${failed ? `, ${failed} failed` : ""} (${ms(r.durationMs)}, --llm ${r.llm})`;
  return `${failed ? kleur.red(`✗ ${line}`) : kleur.green(`✓ ${line}`)}\n`;
}

/** The body of the `{ ok, command: "eval", ... }` envelope. */
export function jsonBody(r: EvalReport): Record<string, unknown> {
  return {
    dir: r.dir,
    llm: r.llm,
    build: r.build,
    totals: r.totals,
    duration_ms: Math.round(r.durationMs),
    files: r.files.map((f) => ({
      file: f.file,
      cases: f.cases.map((c) => ({
        index: c.index,
        name: c.name,
        message: c.message,
        user: c.user,
        pass: c.pass,
        problems: c.problems,
        actual: c.actual,
        duration_ms: Math.round(c.durationMs),
      })),
    })),
  };
}

/** Escape text for XML attributes and text (and drop characters XML 1.0 cannot carry). */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** JUnit XML: one testsuite per eval file, one testcase per case, a failure element with the problems and the plan. */
export function formatJunit(r: EvalReport): string {
  const sec = (n: number) => (n / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="imperal eval" tests="${r.totals.cases}" failures="${r.totals.failed}" errors="0" time="${sec(r.durationMs)}">`,
  ];
  for (const f of r.files) {
    const failures = f.cases.filter((c) => !c.pass).length;
    const time = f.cases.reduce((a, c) => a + c.durationMs, 0);
    lines.push(
      `  <testsuite name="${xmlEscape(f.file)}" tests="${f.cases.length}" failures="${failures}" errors="0" skipped="0" time="${sec(time)}">`,
    );
    for (const c of f.cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(f.file)}" time="${sec(c.durationMs)}"`;
      if (c.pass) {
        lines.push(`${open}/>`);
        continue;
      }
      const detail = [
        `message: ${JSON.stringify(c.message)}`,
        ...c.problems,
        `actual: ${formatPlan(c.actual.plan)} -> ${c.actual.outcome}${c.actual.code ? ` ${c.actual.code}` : ""}`,
      ].join("\n");
      lines.push(`${open}>`);
      lines.push(`      <failure message="${xmlEscape(c.problems[0] ?? "failed")}">${xmlEscape(detail)}</failure>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}
