/**
 * Helpers shared by several rules, in one place so that two rules asking the same question (is this `ctx`? what
 * is this registration's option?) get the same answer. Single-rule helpers stay in their rule file.
 */
import { panelTool, skeletonRefreshTool } from "../patterns.js";
import { ts, type Node } from "./tsapi.js";
import {
  findLexicalDeclaration,
  memberName,
  stripExpr,
  type Model,
  type Registration,
  type Instance,
  type PropLookup,
  type SourceInfo,
} from "./model.js";
import type { RuleContext } from "./rule.js";

// ------------------------------------------------------------------ registrations and their options

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

/** Get an option of `new Extension(appId, opts)`. */
export function extOpt(ctx: RuleContext, inst: Instance, name: string): PropLookup {
  const arg = inst.node.arguments?.[1];
  if (!arg) return { kind: "missing" };
  const obj = ctx.model.resolveObject(arg);
  if (!obj) return { kind: "unknown", node: arg };
  return ctx.model.getProp(obj, name);
}

/** The app id of an Extension when it is statically known. */
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
  if (reg.kind === "skeleton") return skeletonRefreshTool(reg.name);
  if (reg.kind === "panel") return panelTool(reg.name);
  return reg.name;
}

/** Evaluate an option of a registration / extension and dispatch: missing, unknown (cannot verify), known. */
export function withValue(
  ctx: RuleContext,
  lookup: PropLookup,
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

// ------------------------------------------------------------------ handlers

/** First parameter name of a handler (`ctx`), or the binding pattern. */
export function ctxParam(handler: Node): Node | undefined {
  const fn = handler as unknown as { parameters?: readonly { name: Node }[] };
  return fn.parameters?.[0]?.name;
}

/** Walk a subtree in source order (closures included); iterative, so no input depth can overflow the stack. */
export function walk(node: Node, cb: (n: Node) => void): void {
  const stack: Node[] = [node];
  const kids: Node[] = [];
  for (let n = stack.pop(); n; n = stack.pop()) {
    cb(n);
    ts.forEachChild(n, (c) => {
      kids.push(c);
    });
    while (kids.length) stack.push(kids.pop()!);
  }
}

/** Handler nodes of registrations of the given kinds, deduplicated. */
export function handlersOf(
  model: Model,
  kinds: Registration["kind"][],
): { reg: Registration; file: SourceInfo; node: Node }[] {
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

/** Registrations whose handler body the validator cannot see: a "cannot verify" warning for body rules. */
export function unresolvedHandlers(model: Model, kinds: Registration["kind"][]): Registration[] {
  return model.registrations.filter((r) => kinds.includes(r.kind) && !r.handler);
}

/** Where to report a handler the validator cannot follow: the handler as written, else the registration callee. */
export function handlerWhere(r: Registration): Node {
  return r.handlerExpr ?? r.call.expression;
}

// ------------------------------------------------------------------ the handler context (ctx)

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
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))
    return memberName(e) === member && isCtxExpr(model, file, e.expression);
  if (!ts.isIdentifier(e)) return false;
  const d = findLexicalDeclaration(e, e.text);
  if (!d || d === "import" || (!ts.isParameter(d) && !ts.isVariableDeclaration(d))) return false;
  // find the binding element that introduced the name (top level of an object pattern only)
  const pat = d.name;
  if (!ts.isObjectBindingPattern(pat)) return false;
  const el = pat.elements.find((b) => ts.isIdentifier(b.name) && b.name.text === e.text);
  if (!el || el.dotDotDotToken) return false;
  const named = el.propertyName;
  const key = named ? (ts.isIdentifier(named) || ts.isStringLiteral(named) ? named.text : undefined) : e.text;
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

// ------------------------------------------------------------------ identifiers

/** Is `id` a reference to a global (not declared anywhere in the file's scopes)? */
export function isGlobalRef(id: Node): boolean {
  return ts.isIdentifier(id) && findLexicalDeclaration(id, id.text) === undefined;
}

/** Identifier in an expression position (not a property name, declaration name or label). */
export function isReference(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isGetAccessor(p) ||
      ts.isSetAccessor(p)) &&
    p.name === id
  )
    return false;
  if (
    (ts.isVariableDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isFunctionExpression(p) ||
      ts.isClassDeclaration(p) ||
      ts.isClassExpression(p)) &&
    p.name === id
  )
    return false;
  if (ts.isBindingElement(p) && (p.name === id || p.propertyName === id)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p))
    return false;
  if ((ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if (ts.isQualifiedName(p) || ts.isTypeReferenceNode(p)) return false;
  if (ts.isJsxAttribute(p) && p.name === id) return false;
  if (ts.isEnumMember(p) && p.name === id) return false;
  return true;
}

// ------------------------------------------------------------------ text

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

/** True for scaffold leftovers and filler text (see PLACEHOLDER_RES for what is deliberately not matched). */
export function isPlaceholder(s: string): boolean {
  return PLACEHOLDER_RES.some((re) => re.test(s));
}
