/** Helpers shared by several rules. */
import { ts, type Node } from "../engine/tsapi.js";
import { findLexicalDeclaration, memberName, stripExpr, type Model, type Registration, type SourceInfo } from "../engine/model.js";
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

/**
 * Is `expr` (after stripping) the handler context: an identifier named like a handler's ctx parameter, or a
 * local `const c = ctx` alias of one (authors alias ctx; the alias must not hide what it is used for)?
 */
export function isCtxExpr(model: Model, file: SourceInfo, expr: Node, depth = 0): boolean {
  const e = stripExpr(expr);
  if (!ts.isIdentifier(e)) return false;
  if (ctxNames(model, file).has(e.text)) return true;
  if (depth > 4) return false;
  const d = findLexicalDeclaration(e, e.text);
  if (d && d !== "import" && ts.isParameter(d)) return isContextTyped(d);
  if (!d || d === "import" || !ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name) || !d.initializer) return false;
  const list = d.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return false;
  return isCtxExpr(model, file, d.initializer, depth + 1);
}

/** A helper parameter annotated with one of the SDK's context types (`context: ChatContext`), whatever its name. */
function isContextTyped(param: Node): boolean {
  if (!ts.isParameter(param) || !param.type) return false;
  const t = param.type;
  // ChatContext, sdk.ChatContext, import("@imperal/sdk").ChatContext
  const tn = ts.isTypeReferenceNode(t) ? t.typeName : ts.isImportTypeNode(t) ? t.qualifier : undefined;
  if (!tn) return false;
  const name = ts.isIdentifier(tn) ? tn.text : tn.right.text;
  return /^(Chat|Panel|Skeleton|Tool|Schedule)?Context$/.test(name);
}

/**
 * Does `expr` denote `ctx.<member>`: a member access on the context (or an alias of it), or an identifier
 * destructured as `member` from it (`const { cache } = ctx`, `async ({ cache }, p) => ...` in a handler)?
 */
export function isCtxMember(model: Model, file: SourceInfo, expr: Node, member: string): boolean {
  const e = stripExpr(expr);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return memberName(e) === member && isCtxExpr(model, file, e.expression);
  if (!ts.isIdentifier(e)) return false;
  const d = findLexicalDeclaration(e, e.text);
  if (!d || d === "import" || !ts.isParameter(d) && !ts.isVariableDeclaration(d)) return false;
  // find the binding element that introduced the name (top level of an object pattern only)
  const pat = d.name;
  if (!ts.isObjectBindingPattern(pat)) return false;
  const el = pat.elements.find((b) => ts.isIdentifier(b.name) && b.name.text === e.text);
  if (!el || el.dotDotDotToken) return false;
  const key = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : e.text;
  if (key !== member) return false;
  if (ts.isVariableDeclaration(d)) return !!d.initializer && isCtxExpr(model, file, d.initializer);
  return handlerCtxPatterns(model).has(pat);
}

const patternCache = new WeakMap<Model, Set<Node>>();

/** Object binding patterns that are the first (ctx) parameter of a registered handler. */
function handlerCtxPatterns(model: Model): Set<Node> {
  let set = patternCache.get(model);
  if (!set) {
    set = new Set();
    for (const r of model.registrations) {
      const p = r.handler ? ctxParam(r.handler.node) : undefined;
      if (p && ts.isObjectBindingPattern(p)) set.add(p);
    }
    patternCache.set(model, set);
  }
  return set;
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

/**
 * Placeholder / boilerplate text (scaffold leftovers). Narrow on purpose: real descriptions say "Create a todo
 * item", "Replace this note's text" or "Fill the placeholder values", so lowercase todo, "replace this <thing>"
 * and "placeholder" inside a sentence are not boilerplate; markers (TODO, TBD), the scaffold's own sentences and
 * whole-string fillers are.
 */
export const PLACEHOLDER_RES: RegExp[] = [
  /\bTODO\b/,
  /^\s*todo\s*[:\-!.]/i,
  /\bTBD\b/,
  /\bFIXME\b/i,
  /\bXXX\b/,
  /lorem\s+ipsum/i,
  /^\s*my\s+(extension|app|application|plugin|tool)\b/i,
  /\breplace\s+this\s+(description|text|with\s+(a|an|your|something|the\s+real))\b/i,
  /\breplace\s+me\b/i,
  /\ba\s+starter\s+extension\s+scaffolded\b/i,
  /^\s*placeholder\b/i,
  /\b(this\s+is\s+a|just\s+a)\s+placeholder\b/i,
  /\b(your|a)\s+description\s+(here|goes here)\b/i,
  /\bdescribe\s+(your|this)\s+(extension|app|function|tool)\b/i,
  /^\s*add\s+a\s+description(\s+here)?\s*[.!]?\s*$/i,
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
