/** Helpers shared by several rules. */
import { ts, type Node } from "../engine/tsapi.js";
import { findLexicalDeclaration, stripExpr, type Model, type Registration, type SourceInfo } from "../engine/model.js";
import { ctxParam, type RuleContext } from "../engine/rule.js";

const ctxNameCache = new WeakMap<Model, Map<SourceInfo, Set<string>>>();

/** Names that denote the handler context in a file: `ctx` plus the first parameter name of every handler. */
export function ctxNames(model: Model, file: SourceInfo): Set<string> {
  let perModel = ctxNameCache.get(model);
  if (!perModel) {
    perModel = new Map();
    for (const f of model.files) perModel.set(f, new Set(["ctx"]));
    for (const r of model.registrations) {
      if (!r.handler) continue;
      const p = ctxParam(r.handler.node);
      if (p && ts.isIdentifier(p)) perModel.get(r.handler.file)?.add(p.text);
    }
    ctxNameCache.set(model, perModel);
  }
  return perModel.get(file) ?? new Set(["ctx"]);
}

/** Is `expr` (after stripping) an identifier naming the handler context? */
export function isCtxExpr(model: Model, file: SourceInfo, expr: Node): boolean {
  const e = stripExpr(expr);
  return ts.isIdentifier(e) && ctxNames(model, file).has(e.text);
}

/** Is `id` a reference to a global (not declared anywhere in the file's scopes)? */
export function isGlobalRef(id: Node): boolean {
  return ts.isIdentifier(id) && findLexicalDeclaration(id, id.text) === undefined;
}

/** Identifier in an expression position (not a property name, declaration name or label). */
export function isReference(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && (p.name === id || p.propertyName === id)) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) ) return false;
  if ((ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if (ts.isQualifiedName(p) || ts.isTypeReferenceNode(p)) return false;
  if (ts.isJsxAttribute(p) && p.name === id) return false;
  if (ts.isEnumMember(p) && p.name === id) return false;
  return true;
}

/** Handler nodes of registrations of the given kinds, deduplicated. */
export function handlersOf(model: Model, kinds: Registration["kind"][]): { reg: Registration; file: SourceInfo; node: Node }[] {
  const seen = new Set<Node>();
  const out: { reg: Registration; file: SourceInfo; node: Node }[] = [];
  for (const r of model.registrations) {
    if (!kinds.includes(r.kind) || !r.handler) continue;
    if (seen.has(r.handler.node)) continue;
    seen.add(r.handler.node);
    out.push({ reg: r, file: r.handler.file, node: r.handler.node });
  }
  return out;
}

/** Evaluate an option of a registration / extension and dispatch: missing, unknown (cannot verify), known. */
export function withValue(
  ctx: RuleContext,
  lookup: import("../engine/model.js").PropLookup,
  what: string,
  onKnown: (value: unknown, valueNode: Node) => void,
  onMissing?: () => void,
): void {
  if (lookup.kind === "missing") {
    onMissing?.();
    return;
  }
  if (lookup.kind === "unknown") {
    ctx.cannotVerify(lookup.node, what);
    return;
  }
  const v = ctx.model.evaluate(lookup.value);
  if (!v.known) {
    ctx.cannotVerify(lookup.value, what);
    return;
  }
  onKnown(v.value, lookup.value);
}

/** Placeholder / boilerplate text (scaffold leftovers). */
export const PLACEHOLDER_RES: RegExp[] = [
  /\bTODO\b/i,
  /\bTBD\b/i,
  /\bFIXME\b/i,
  /\bXXX\b/,
  /lorem\s+ipsum/i,
  /^\s*my\s+(extension|app|application|plugin|tool)\b/i,
  /\breplace\s+(this|me)\b/i,
  /\bplaceholder\b/i,
  /\b(your|a)\s+description\s+(here|goes here)\b/i,
  /\bdescribe\s+(your|this)\s+(extension|app|function|tool)\b/i,
  /\badd\s+a\s+description\b/i,
  /\bchange\s+me\b/i,
  /^\s*(description|extension|example|test|sample|untitled|n\/?a|none|null|undefined|tbd|todo|desc)\s*\.?\s*$/i,
];

export function isPlaceholder(s: string): boolean {
  return PLACEHOLDER_RES.some((re) => re.test(s));
}

/** Registrations whose handler body the validator cannot see: a "cannot verify" warning for body rules. */
export function unresolvedHandlers(model: Model, kinds: Registration["kind"][]): Registration[] {
  return model.registrations.filter((r) => kinds.includes(r.kind) && !r.handler);
}

export function handlerWhere(r: Registration): Node {
  return r.handlerExpr ?? r.call.expression;
}
