// Type-checking an extension's src/ with its own tsconfig: once per `imperal build` (incremental through a
// .tsbuildinfo under .imperal/), and again and again in `imperal dev` (one builder program kept in memory, so a
// save re-checks only what changed).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as TS from "typescript";
import type { BuildIssue } from "./types.js";

/** Outcome of one type check. */
export interface TypecheckResult {
  ok: boolean;
  errorCount: number;
  /** Located errors (file relative to the extension root, 1-based line/column), at most `max`. */
  errors: BuildIssue[];
  durationMs: number;
  /** Why no check ran (no tsconfig.json, no TypeScript to be found): the build goes on. */
  skipped?: string;
}

/** Where `imperal build` keeps its incremental type-check state. */
export function tsBuildInfoPath(root: string): string {
  return path.join(path.resolve(root), ".imperal", "typecheck.tsbuildinfo");
}

/** The extension's own TypeScript when it has one, else the CLI's. */
function loadTypeScript(root: string): typeof TS | undefined {
  for (const from of [path.join(root, "package.json"), import.meta.url]) {
    try {
      return createRequire(from)("typescript") as typeof TS;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The `@types` directory the CLI's own `@types/node` lives in, when it has one. */
function cliTypeRoots(): string[] {
  try {
    return [path.dirname(path.dirname(createRequire(import.meta.url).resolve("@types/node/package.json")))];
  } catch {
    return [];
  }
}

interface Parsed {
  ts: typeof TS;
  rootNames: string[];
  options: TS.CompilerOptions;
  configErrors: readonly TS.Diagnostic[];
}

function parseConfig(root: string, incremental: boolean): Parsed | { skipped: string } {
  const configPath = path.join(root, "tsconfig.json");
  if (!existsSync(configPath)) return { skipped: "no tsconfig.json" };
  const ts = loadTypeScript(root);
  if (!ts) return { skipped: "TypeScript is not installed (npm install -D typescript)" };
  const configErrors: TS.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d) },
  );
  if (!parsed) return { ts, rootNames: [], options: {}, configErrors };
  const src = path.join(root, "src") + path.sep;
  // src/ only: tests and scripts are the extension's own business (its `npm run typecheck`).
  const rootNames = parsed.fileNames.filter((f) => path.resolve(f).startsWith(src));
  const options: TS.CompilerOptions = { ...parsed.options, noEmit: true };
  // Type packages the CLI ships with (@types/node) still resolve when the extension has not installed its own.
  if (!options.typeRoots) {
    const own = path.join(root, "node_modules", "@types");
    options.typeRoots = [own, ...cliTypeRoots()];
  }
  if (incremental) {
    options.incremental = true;
    options.tsBuildInfoFile = tsBuildInfoPath(root);
  } else {
    delete options.incremental;
    delete options.tsBuildInfoFile;
    delete options.composite;
  }
  return { ts, rootNames, options, configErrors: [...configErrors, ...parsed.errors] };
}

function toIssues(ts: typeof TS, root: string, diags: readonly TS.Diagnostic[], max: number): BuildIssue[] {
  const out: BuildIssue[] = [];
  for (const d of diags) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    if (out.length >= max) break;
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    const issue: BuildIssue = {
      code: "E_BUILD_TYPECHECK",
      message,
      fix: "fix the type error at the location shown (or build with --no-typecheck)",
    };
    if (d.file && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      issue.file = path.relative(root, d.file.fileName).split(path.sep).join("/");
      issue.line = line + 1;
      issue.column = character + 1;
      issue.lineText = d.file.text.split("\n")[line]?.replace(/\r$/, "");
    }
    out.push(issue);
  }
  return out;
}

function countErrors(ts: typeof TS, diags: readonly TS.Diagnostic[]): number {
  return diags.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
}

function allDiagnostics(program: TS.BuilderProgram | TS.Program): TS.Diagnostic[] {
  return [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
}

/**
 * Type-check `src/` once (what `imperal build` does): incremental through `.imperal/typecheck.tsbuildinfo`, so a
 * rebuild with nothing changed reads the saved state instead of checking again.
 */
export function typecheckOnce(dir: string, opts: { max?: number } = {}): TypecheckResult {
  const t0 = performance.now();
  const root = path.resolve(dir);
  const p = parseConfig(root, true);
  if ("skipped" in p) return { ok: true, errorCount: 0, errors: [], durationMs: 0, skipped: p.skipped };
  const { ts } = p;
  mkdirSync(path.dirname(tsBuildInfoPath(root)), { recursive: true });
  // Up to date when no file the last check read (sources, .d.ts of dependencies, the tsconfig) changed since.
  const stampFile = tsBuildInfoPath(root).replace(/\.tsbuildinfo$/, ".stamp.json");
  const key = JSON.stringify({ rootNames: p.rootNames, options: p.options, ts: ts.version });
  const stamp = readStamp(stampFile);
  if (stamp && stamp.key === key && stamp.files.every(([f, m]) => mtimeOf(f) === m)) {
    return { ...stamp.result, durationMs: performance.now() - t0 };
  }
  const host = ts.createIncrementalCompilerHost(p.options);
  const program = ts.createIncrementalProgram({
    rootNames: p.rootNames,
    options: p.options,
    host,
    configFileParsingDiagnostics: p.configErrors,
  });
  const diags = allDiagnostics(program);
  program.emit(); // with noEmit: writes the .tsbuildinfo only
  const errorCount = countErrors(ts, diags);
  const result = { ok: errorCount === 0, errorCount, errors: toIssues(ts, root, diags, opts.max ?? 50) };
  const files = program
    .getProgram()
    .getSourceFiles()
    .map((sf): [string, number] => [sf.fileName, mtimeOf(sf.fileName)]);
  files.push([path.join(root, "tsconfig.json"), mtimeOf(path.join(root, "tsconfig.json"))]);
  try {
    writeFileSync(stampFile, JSON.stringify({ key, files, result }));
  } catch {
    /* the next build checks again */
  }
  return { ...result, durationMs: performance.now() - t0 };
}

interface Stamp {
  key: string;
  files: Array<[string, number]>;
  result: Omit<TypecheckResult, "durationMs">;
}

function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** A type checker kept alive across checks (`imperal dev`): each check reuses the previous program. */
export interface Typechecker {
  check(): TypecheckResult;
}

/**
 * Create the dev loop's in-memory incremental checker: one semantic-diagnostics builder program, recreated from the
 * previous one on each check, with parsed source files cached by modification time — a save re-parses and
 * re-checks only the files it touched (and what depends on them).
 */
export function createTypechecker(dir: string): Typechecker {
  const root = path.resolve(dir);
  let old: TS.SemanticDiagnosticsBuilderProgram | undefined;
  const cache = new Map<string, { mtimeMs: number; sf: TS.SourceFile }>();
  return {
    check(): TypecheckResult {
      const t0 = performance.now();
      const p = parseConfig(root, false);
      if ("skipped" in p) return { ok: true, errorCount: 0, errors: [], durationMs: 0, skipped: p.skipped };
      const { ts } = p;
      const host = ts.createCompilerHost(p.options);
      const read = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        let mtimeMs = -1;
        try {
          mtimeMs = statSync(fileName).mtimeMs;
        } catch {
          cache.delete(fileName);
          return read(fileName, languageVersion, onError, shouldCreate);
        }
        const hit = cache.get(fileName);
        if (hit && hit.mtimeMs === mtimeMs) return hit.sf;
        const sf = read(fileName, languageVersion, onError, shouldCreate);
        if (sf) {
          // the builder tells versions apart by this field: a changed file must not look like the cached one
          (sf as TS.SourceFile & { version?: string }).version = String(mtimeMs);
          cache.set(fileName, { mtimeMs, sf });
        }
        return sf;
      };
      old = ts.createSemanticDiagnosticsBuilderProgram(p.rootNames, p.options, host, old, p.configErrors);
      const diags = allDiagnostics(old);
      const errorCount = countErrors(ts, diags);
      return {
        ok: errorCount === 0,
        errorCount,
        errors: toIssues(ts, root, diags, 20),
        durationMs: performance.now() - t0,
      };
    },
  };
}
