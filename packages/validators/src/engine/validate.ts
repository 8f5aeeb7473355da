/** The library entry point: `validateExtension(dir)` and `validateSources(root, sources)`. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Finding, ValidateOptions, ValidateResult, ExtensionSummary } from "../types.js";
import { loadTs, parseSourceFile, persistCompileCache, ts, type Node } from "./tsapi.js";
import { Model, indexFile, newSourceInfo, type SourceInfo } from "./model.js";
import { collectSourceFiles, readInsideRoot, MAX_SOURCE_BYTES } from "./files.js";
import { skippedFindings } from "./skipped.js";
import { loadAliases } from "./aliases.js";
import { deeperThan } from "./syntax.js";
import { locOf, type Rule, type RuleContext } from "./rule.js";
import { parseDirectives, applyDirectives, type Directive } from "./suppress.js";
import { rules as allRules } from "../rules/index.js";
import { ERROR_CODES, FINDING_IDS, VALIDATOR_BUG_FIX, ValidatorUsageError } from "../errors.js";

export interface SourceText {
  /** path relative to root (or absolute inside it) */
  path: string;
  text: string;
}

/** Every id a finding can carry (and a suppression comment can name). */
export const ruleIds: string[] = [...allRules.map((r) => r.meta.id), FINDING_IDS.SUPPRESSION];

/**
 * Files whose syntax tree is deeper than this are not analysed (PARSE, "reduce nesting depth"). Real code stays
 * far below it; the cap bounds every walk a rule makes, and the TypeScript parser itself overflows the stack at
 * a few thousand levels.
 */
export const MAX_AST_DEPTH = 1000;
const DEPTH_FIX = "reduce nesting depth: move deeply nested parts into named constants or functions";

const DIR_FIX = "pass the path of the extension's root directory (the one holding package.json and src/)";

/** Validate the extension in `dir` (its source files are read, parsed and analysed; never executed). */
export async function validateExtension(dir: string, options: ValidateOptions = {}): Promise<ValidateResult> {
  const t0 = performance.now();
  const root = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    throw new ValidatorUsageError(ERROR_CODES.DIRECTORY_NOT_FOUND, `directory not found: ${dir}`, DIR_FIX);
  }
  if (!st.isDirectory()) throw new ValidatorUsageError(ERROR_CODES.NOT_A_DIRECTORY, `not a directory: ${dir}`, DIR_FIX);
  const { entries, skipped, uncounted } = collectSourceFiles(root);
  const realRoot = fs.realpathSync(root);
  const sources: SourceText[] = [];
  for (const e of entries) {
    try {
      sources.push({ path: e.rel, text: readInsideRoot(realRoot, e.abs, MAX_SOURCE_BYTES) });
    } catch (err) {
      // swapped for a link or a bigger file since the walk, or unreadable: reported, not read
      skipped.push({
        rel: e.rel,
        reason: "unreadable",
        detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
      });
    }
  }
  return analyze(root, sources, options, t0, skippedFindings(skipped, uncounted));
}

/** Validate in-memory sources as if they were the files of an extension rooted at `root` (icons are read from disk). */
export async function validateSources(
  root: string,
  sources: SourceText[],
  options: ValidateOptions = {},
): Promise<ValidateResult> {
  return analyze(path.resolve(root), sources, options, performance.now(), []);
}

async function analyze(
  root: string,
  sources: SourceText[],
  options: ValidateOptions,
  t0: number,
  skipped: Finding[],
): Promise<ValidateResult> {
  await loadTs();
  const findings: Finding[] = [...skipped];
  const files: SourceInfo[] = [];
  const directives: Directive[] = [];
  const known = new Set(ruleIds);
  const relPaths: string[] = [];

  for (const src of sources) {
    const abs = path.isAbsolute(src.path) ? src.path : path.join(root, src.path);
    const rel = path.relative(root, abs).split(path.sep).join("/");
    relPaths.push(rel);
    let sf: import("ts-morph").ts.SourceFile;
    try {
      sf = parseSourceFile(abs, src.text);
    } catch (err) {
      // the parser recurses per nesting level: running out of stack means the nesting, not the syntax, is at fault
      if (err instanceof RangeError && /call stack/i.test(err.message))
        findings.push(
          fileProblem(rel, "nesting is too deep to parse (the parser ran out of stack); file not analysed", DEPTH_FIX),
        );
      else findings.push(fileProblem(rel, `cannot parse: ${(err as Error).message}`, "fix the syntax error"));
      continue;
    }
    const deep = deeperThan(sf, MAX_AST_DEPTH);
    if (deep) {
      const lc = sf.getLineAndCharacterOfPosition(deep.getStart(sf));
      findings.push({
        rule: FINDING_IDS.PARSE,
        severity: "error",
        file: rel,
        line: lc.line + 1,
        column: lc.character + 1,
        message: `nesting is more than ${MAX_AST_DEPTH} levels deep: too deep to analyse; file not analysed`,
        fix: DEPTH_FIX,
      });
      continue;
    }
    let diags = (
      (sf as unknown as { parseDiagnostics?: import("ts-morph").ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []
    ).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (!diags.length && /\.[mc]?jsx?$/i.test(abs)) diags = jsOnlySyntaxErrors(root, sf);
    if (diags.length) {
      const d = diags[0]!;
      const lc = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      const more = diags.length > 1 ? ` (and ${diags.length - 1} more)` : "";
      findings.push({
        rule: FINDING_IDS.PARSE,
        severity: "error",
        file: rel,
        line: lc.line + 1,
        column: lc.character + 1,
        message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}${more}; file not analysed`,
        fix: "fix the syntax error (run tsc to see all errors)",
      });
    }
    try {
      const ds = parseDirectives(rel, src.text, known);
      // keep only directives that are real comments (not text inside strings or templates)
      directives.push(...(diags.length ? ds : ds.filter((d) => !insideLiteral(sf, d.offset))));
    } catch {
      /* directive parsing is best-effort */
    }
    if (diags.length) continue;
    const info = newSourceInfo(abs, rel, src.text, sf, false);
    try {
      indexFile(info);
    } catch (err) {
      findings.push(fileProblem(rel, `cannot index file: ${(err as Error).message}`, VALIDATOR_BUG_FIX));
      continue;
    }
    files.push(info);
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  const model = new Model(files);
  findings.push(...skippedFindings(loadAliases(root, model)));
  try {
    model.discover();
  } catch (err) {
    const message = `cannot analyse registrations: ${(err as Error).message}`;
    findings.push(fileProblem(files[0]?.rel ?? ".", message, VALIDATOR_BUG_FIX, "warn"));
  }

  const env = options.env ?? process.env;
  const selected = options.rules ? allRules.filter((r) => options.rules!.includes(r.meta.id)) : allRules;
  for (const rule of selected) {
    await runRule(rule, root, model, env, options, findings);
  }

  const v14Selected = !options.rules || options.rules.includes("V14");
  if (model.extensions.length === 0 && !findings.some((f) => f.rule === FINDING_IDS.PARSE) && v14Selected) {
    const entry = relPaths.find((p) => /^src\/index\.[mc]?[jt]sx?$/.test(p)) ?? relPaths[0] ?? ".";
    findings.push({
      rule: "V14",
      severity: "error",
      file: entry,
      line: 1,
      column: 1,
      message: relPaths.length
        ? 'no `new Extension(...)` from "@imperal/sdk" found in the extension sources'
        : "no TypeScript/JavaScript source files found",
      fix: 'create the extension with `new Extension("app-id", { ... })` imported from "@imperal/sdk"',
    });
  }

  persistCompileCache();
  const final = dedupe(applyDirectives(findings, directives));
  final.sort(compareFindings);
  const errorCount = final.filter((f) => f.severity === "error").length;
  const warningCount = final.filter((f) => f.severity === "warn").length;
  const extensions: ExtensionSummary[] = model.extensions.map((inst) => {
    const loc = locOf(inst.file, inst.node);
    const a = inst.node.arguments?.[0] ? model.evaluate(inst.node.arguments[0]) : undefined;
    const regs = model.registrations.filter((r) => r.ext === inst);
    return {
      appId: a?.known && typeof a.value === "string" ? a.value : undefined,
      file: loc.file,
      line: loc.line,
      functions: regs.filter((r) => r.kind === "function").length,
      tools: regs.filter((r) => r.kind === "tool").length,
      skeletons: regs.filter((r) => r.kind === "skeleton").length,
      panels: regs.filter((r) => r.kind === "panel").length,
    };
  });
  return {
    root,
    ok: errorCount === 0,
    errorCount,
    warningCount,
    findings: final,
    files: relPaths.sort(),
    extensions,
    durationMs: Math.round(performance.now() - t0),
  };
}

/** A PARSE finding about a whole file, reported at its first character. */
function fileProblem(file: string, message: string, fix: string, severity: Finding["severity"] = "error"): Finding {
  return { rule: FINDING_IDS.PARSE, severity, file, line: 1, column: 1, message, fix };
}

async function runRule(
  rule: Rule,
  root: string,
  model: Model,
  env: Record<string, string | undefined>,
  options: ValidateOptions,
  out: Finding[],
): Promise<void> {
  const { id, severity, fix } = rule.meta;
  const push = (
    file: string,
    line: number,
    column: number,
    message: string,
    sev = severity as Finding["severity"],
    fx = fix,
  ): void => {
    out.push({ rule: id, severity: sev, file, line, column, message, fix: fx });
  };
  const fileOf = (n: Node): SourceInfo | undefined => model.fileOf(n);
  const ctx: RuleContext = {
    root,
    model,
    env,
    manifestSchema: options.manifestSchema,
    report(at, message, opts) {
      const f = fileOf(at);
      if (!f) return;
      const loc = locOf(f, at);
      push(loc.file, loc.line, loc.column, message, opts?.severity ?? severity, opts?.fix ?? fix);
    },
    reportAt(loc, message, opts) {
      push(loc.file, loc.line, loc.column, message, opts?.severity ?? severity, opts?.fix ?? fix);
    },
    cannotVerify(at, what, fx) {
      const f = fileOf(at);
      if (!f) return;
      const loc = locOf(f, at);
      const defaultFix = `use a literal value (or a top-level const), or suppress with // imperal-disable-next-line ${id} -- <reason>`;
      push(
        loc.file,
        loc.line,
        loc.column,
        `cannot verify ${what}: the value is not statically known`,
        "warn",
        fx ?? defaultFix,
      );
    },
  };
  try {
    await rule.check(ctx);
  } catch (err) {
    const e = err as Error;
    const message = `internal error in rule ${id} (results of this rule cannot be verified): ${e?.message ?? String(err)}`;
    push(model.files[0]?.rel ?? ".", 1, 1, message, "warn", VALIDATOR_BUG_FIX);
  }
}

/**
 * TypeScript-only syntax in a .js file (type annotations, `interface`, ...) parses fine but does not run; the
 * compiler reports it through a program's syntactic diagnostics. A one-file program without lib or resolution.
 */
function jsOnlySyntaxErrors(
  root: string,
  sf: import("ts-morph").ts.SourceFile,
): import("ts-morph").ts.DiagnosticWithLocation[] {
  try {
    const host: import("ts-morph").ts.CompilerHost = {
      getSourceFile: (name) => (name === sf.fileName ? sf : undefined),
      getDefaultLibFileName: () => "lib.d.ts",
      writeFile: () => {},
      getCurrentDirectory: () => root,
      getCanonicalFileName: (f) => f,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => "\n",
      fileExists: (f) => f === sf.fileName,
      readFile: () => undefined,
    };
    const program = ts.createProgram({
      rootNames: [sf.fileName],
      options: { allowJs: true, noLib: true, noResolve: true, types: [], noEmit: true },
      host,
    });
    return program.getSyntacticDiagnostics(sf).filter((d) => d.category === ts.DiagnosticCategory.Error);
  } catch {
    return [];
  }
}

/** Is `offset` inside a string/template/regex literal token (rather than in comment trivia)? */
function insideLiteral(sf: import("ts-morph").ts.SourceFile, offset: number): boolean {
  let node: Node = sf;
  for (let depth = 0; depth < 500; depth++) {
    let next: Node | undefined;
    ts.forEachChild(node, (c) => {
      if (!next && c.pos <= offset && offset < c.end) next = c;
    });
    if (!next) break;
    node = next;
  }
  if (offset < node.getStart(sf)) return false;
  const k = node.kind;
  return (
    k === ts.SyntaxKind.StringLiteral ||
    k === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
    k === ts.SyntaxKind.TemplateHead ||
    k === ts.SyntaxKind.TemplateMiddle ||
    k === ts.SyntaxKind.TemplateTail ||
    k === ts.SyntaxKind.RegularExpressionLiteral ||
    k === ts.SyntaxKind.JsxText
  );
}

function dedupe(fs_: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of fs_) {
    const k = `${f.rule}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}

/** Report order: file, line, column, rule, message (stable across runs, so outputs diff cleanly). */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
