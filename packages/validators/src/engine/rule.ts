/**
 * Rule contract: each rule module exports `meta` and `check(ctx)`. Helpers several rules share live in
 * rule-helpers.ts.
 */
import type { RuleMeta, Severity, Finding } from "../types.js";
import type { Node } from "./tsapi.js";
import type { Model, SourceInfo } from "./model.js";

export interface Loc {
  file: string;
  line: number;
  column: number;
}

export interface ReportOptions {
  severity?: Severity;
  fix?: string;
}

export interface RuleContext {
  root: string;
  model: Model;
  env: Record<string, string | undefined>;
  manifestSchema: object | null | undefined;
  /** report at a node of a source file */
  report(at: Node, message: string, opts?: ReportOptions): void;
  /** report at an explicit location (non-TS files: icon.svg, imperal.json) */
  reportAt(loc: Loc, message: string, opts?: ReportOptions): void;
  /** a value the rule needs is not statically known: warn, never pass silently */
  cannotVerify(at: Node, what: string, fix?: string): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void | Promise<void>;
}

/** Build a rule; the docs path is derived from the id so every rule's page lives at docs/rules/<id>.md. */
export function defineRule(meta: Omit<RuleMeta, "docs">, check: (ctx: RuleContext) => void | Promise<void>): Rule {
  return { meta: { ...meta, docs: `docs/rules/${meta.id}.md` }, check };
}

/** 1-based line/column of a node's first token (comments before it excluded), as editors show it. */
export function locOf(file: SourceInfo, node: Node): Loc {
  const pos = node.getStart(file.sf, false);
  const lc = file.sf.getLineAndCharacterOfPosition(pos);
  return { file: file.rel, line: lc.line + 1, column: lc.character + 1 };
}

export type { Finding };
