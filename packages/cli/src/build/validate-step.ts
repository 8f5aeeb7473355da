import { readFileSync } from "node:fs";
import type { BuildIssue } from "./types.js";

/** One validator finding, as SPEC 2's JSON format prints it. */
export interface Finding {
  rule: string;
  severity: "error" | "warn" | "info";
  file: string;
  line: number;
  column: number;
  message: string;
  fix?: string;
}

/** Result of the validation step of a build. */
export interface ValidationSummary {
  ok: boolean;
  errorCount: number;
  warningCount: number;
  findings: Finding[];
  /** The validators' own `stylish` rendering of the findings (colour follows kleur's global setting). */
  stylish?: string;
}

interface ValidatorsModule {
  validateExtension(dir: string, opts?: Record<string, unknown>): Promise<ValidationSummary> | ValidationSummary;
  formatStylish?(result: unknown): string;
}

/** Options of {@link runValidators}. */
export interface RunValidatorsOptions {
  /** Drop findings in these files (relative, `/` separators), e.g. `imperal.json` when the build is about to rewrite it. */
  ignoreFiles?: string[];
}

/** Run `@imperal/validators` on an extension root (static: the extension is never executed). */
export async function runValidators(dir: string, opts: RunValidatorsOptions = {}): Promise<ValidationSummary> {
  // Imported by name at run time so the CLI compiles against the validators' public contract, not their build.
  const specifier = "@imperal/validators";
  const mod = (await import(specifier)) as Partial<ValidatorsModule>;
  if (typeof mod.validateExtension !== "function") {
    throw new Error("@imperal/validators does not export validateExtension(dir, opts); rebuild the workspace");
  }
  const r = await mod.validateExtension(dir, {});
  const ignore = new Set(opts.ignoreFiles ?? []);
  const findings = (r.findings ?? []).filter((f) => !ignore.has(f.file));
  const errorCount = findings.filter((f) => f.severity === "error").length;
  const warningCount = findings.filter((f) => f.severity === "warn").length;
  const filtered = { ...r, findings, errorCount, warningCount, ok: errorCount === 0 };
  const stylish = typeof mod.formatStylish === "function" && findings.length ? mod.formatStylish(filtered) : undefined;
  return { ok: errorCount === 0, errorCount, warningCount, findings, ...(stylish ? { stylish } : {}) };
}

interface IconModule {
  resolveIcon(
    root: string,
    icon: string,
  ): { ok: true; abs: string; size: number } | { ok: false; message: string; fix: string };
  checkSvgText(text: string): Promise<{ line: number; column: number; message: string; fix: string }[]>;
  ICON_MAX_BYTES: number;
}

/** The icon checks of V16/V21 alone (used when the full validation is skipped with --no-validate). */
export async function checkIcon(root: string, icon: string): Promise<BuildIssue[]> {
  const specifier = "@imperal/validators";
  const mod = (await import(specifier)) as Partial<IconModule>;
  if (typeof mod.resolveIcon !== "function" || typeof mod.checkSvgText !== "function") return [];
  const r = mod.resolveIcon(root, icon);
  if (!r.ok) return [{ code: "E_BUILD_ICON", message: r.message, fix: r.fix }];
  const max = mod.ICON_MAX_BYTES ?? 100 * 1024;
  if (r.size > max) {
    const fix = "simplify the SVG (a 24x24 line icon is a few hundred bytes)";
    return [{ code: "E_BUILD_ICON", message: `icon "${icon}" is ${r.size} bytes (limit ${max})`, fix }];
  }
  const problems = await mod.checkSvgText(readFileSync(r.abs, "utf8"));
  return problems.map((p) => ({
    code: "E_BUILD_ICON",
    message: `icon: ${p.message}`,
    file: icon,
    line: p.line,
    column: p.column,
    fix: p.fix,
  }));
}
