/** Public types of @imperal/validators. */

export type Severity = "error" | "warn" | "info";

/** One problem found in an extension. `file` is relative to the extension root with `/` separators. */
export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units like editors and TypeScript */
  column: number;
  message: string;
  /** one line telling the author how to fix it */
  fix: string;
}

/** Metadata every rule module exports (typescript-eslint style). */
export interface RuleMeta {
  id: string;
  severity: "error" | "warn";
  /** one sentence: what the rule checks */
  description: string;
  /** path of the docs page inside the package, e.g. `docs/rules/V22.md` */
  docs: string;
  /** default one-line fix text */
  fix: string;
}

export interface ValidateOptions {
  /** environment used by V31 (IMPERAL_AUTHOR_ID / IMPERAL_FIRSTPARTY_AUTHOR_IDS); default process.env */
  env?: Record<string, string | undefined>;
  /**
   * The manifest JSON schema used for a committed imperal.json (V14). Default: loaded from
   * `@imperal/sdk/manifest.schema.json`; `null` disables loading (V14 then warns that it cannot verify).
   */
  manifestSchema?: object | null;
  /** run only these rule ids (default: all) */
  rules?: string[];
}

export interface ExtensionSummary {
  appId?: string;
  file: string;
  line: number;
  functions: number;
  tools: number;
  skeletons: number;
  panels: number;
}

export interface ValidateResult {
  /** absolute extension root */
  root: string;
  ok: boolean;
  errorCount: number;
  warningCount: number;
  findings: Finding[];
  /** analysed source files, relative */
  files: string[];
  extensions: ExtensionSummary[];
  durationMs: number;
}

/** The object printed by `--format json`: SPEC 2. */
export interface JsonReport {
  ok: boolean;
  errorCount: number;
  warningCount: number;
  findings: Finding[];
}
