/** Rule contract: each rule module exports `meta` and `check(ctx)`. */
import type { RuleMeta, Severity, Finding } from "../types.js";
import { ts, type Node } from "./tsapi.js";
import type { Model, SourceInfo, Registration, Instance, PropLookup } from "./model.js";

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

export function defineRule(meta: Omit<RuleMeta, "docs">, check: (ctx: RuleContext) => void | Promise<void>): Rule {
  return { meta: { ...meta, docs: `docs/rules/${meta.id}.md` }, check };
}

export function locOf(file: SourceInfo, node: Node): Loc {
  const pos = node.getStart(file.sf, false);
  const lc = file.sf.getLineAndCharacterOfPosition(pos);
  return { file: file.rel, line: lc.line + 1, column: lc.character + 1 };
}

export type { Finding };

// ------------------------------------------------------------------ small shared helpers for rules

export function regsOf(model: Model, kinds: Registration["kind"][]): Registration[] {
  return model.registrations.filter((r) => kinds.includes(r.kind));
}

/** The node to report a registration-level problem at: the callee (`chat.function`) of the registration. */
export function regNode(reg: Registration): Node {
  return reg.call.expression;
}

/** Get an option of a registration, treating unresolvable option objects as unknown. */
export function regOpt(ctx: RuleContext, reg: Registration, name: string): PropLookup {
  if (!reg.optsArg) return { kind: "missing" };
  if (!reg.opts) return { kind: "unknown", node: reg.optsArg };
  return ctx.model.getProp(reg.opts, name);
}

export function extOpts(ctx: RuleContext, inst: Instance, argIndex = 1): PropLookup | "noopts" | "unknown-opts" {
  const arg = inst.node.arguments?.[argIndex];
  if (!arg) return "noopts";
  const obj = ctx.model.resolveObject(arg);
  if (!obj) return "unknown-opts";
  return obj as unknown as PropLookup;
}

/** Get an option of `new Extension(appId, opts)`. */
export function extOpt(ctx: RuleContext, inst: Instance, name: string): PropLookup {
  const arg = inst.node.arguments?.[1];
  if (!arg) return { kind: "missing" };
  const obj = ctx.model.resolveObject(arg);
  if (!obj) return { kind: "unknown", node: arg };
  return ctx.model.getProp(obj, name);
}

export function appIdOf(ctx: RuleContext, inst: Instance | undefined): string | undefined {
  if (!inst) return undefined;
  const a = inst.node.arguments?.[0];
  if (!a) return undefined;
  const v = ctx.model.evaluate(a);
  return v.known && typeof v.value === "string" ? v.value : undefined;
}

/** Human label of a registration for messages. */
export function regLabel(reg: Registration): string {
  const what = reg.kind === "function" ? "chat function" : reg.kind === "skeleton" ? "skeleton" : reg.kind;
  return reg.name !== undefined ? `${what} "${reg.name}"` : `${what} (computed name)`;
}

/** Callable tool name of a registration (the manifest/kernel name). */
export function callableName(reg: Registration): string | undefined {
  if (reg.name === undefined) return undefined;
  if (reg.kind === "skeleton") return `skeleton_refresh_${reg.name}`;
  if (reg.kind === "panel") return `__panel__${reg.name}`;
  return reg.name;
}

/** First parameter name of a handler (`ctx`), or the binding pattern. */
export function ctxParam(handler: Node): Node | undefined {
  const fn = handler as unknown as { parameters?: readonly { name: Node }[] };
  return fn.parameters?.[0]?.name;
}

/** Walk a subtree (closures included). */
export function walk(node: Node, cb: (n: Node) => void): void {
  const visit = (n: Node): void => {
    cb(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
}
