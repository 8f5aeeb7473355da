/**
 * The extension model: source files, import/export bindings, `Extension`/`ChatExtension` instances created
 * from `@imperal/sdk` (whatever they are called, across files) and their registrations in the three call forms
 * of SPEC 1.1. Purely syntactic: no type checker, the extension is never executed.
 */
import * as path from "node:path";
import { ts, type Node, type Expression, type CallExpression, type NewExpression, type ObjectLiteralExpression, type SourceFile } from "./tsapi.js";

export const SDK_MODULE = "@imperal/sdk";
const ZOD_MODULES = new Set(["zod", "zod/v4", "zod/v3", "zod/mini", "zod/v4-mini", SDK_MODULE]);

export interface ImportBinding {
  spec: string;
  /** exported name, "default" or "*" (namespace) */
  imported: string;
}

export interface SourceInfo {
  abs: string;
  rel: string;
  text: string;
  sf: SourceFile;
  parseFailed: boolean;
  imports: Map<string, ImportBinding>;
  /** exported name -> local name */
  exportsLocal: Map<string, string>;
  /** exported name -> (module, name) */
  reexports: Map<string, ImportBinding>;
  starExports: string[];
  /** local names bound to SDK exports: Extension, ChatExtension, ActionResult; and namespace imports of the SDK */
  sdkNames: Map<string, string>;
  sdkNamespaces: Set<string>;
  /** local names that are the zod namespace (`z` from zod or @imperal/sdk, or `import * as z from "zod"`) */
  zodNames: Set<string>;
  /** every call/new expression, property/element access and binding pattern, collected in one walk */
  calls: CallExpression[];
  news: NewExpression[];
  memberAccesses: Node[];
  bindingPatterns: Node[];
}

export type Resolved =
  | { kind: "decl"; file: SourceInfo; decl: Node; name: string }
  | { kind: "namespace"; file: SourceInfo };

export interface Instance {
  id: number;
  kind: "extension" | "chat";
  file: SourceInfo;
  node: NewExpression;
  /** owning Extension for a ChatExtension */
  parent?: Instance;
  registrations: Registration[];
}

export type RegKind = "function" | "tool" | "skeleton" | "panel" | "secret" | "schedule";

export interface Registration {
  kind: RegKind;
  instance: Instance;
  /** the Extension the registration belongs to (the chat's parent for chat functions) */
  ext: Instance | undefined;
  file: SourceInfo;
  call: CallExpression;
  form: "call" | "curried" | "decorator";
  nameArg?: Expression;
  /** statically known name */
  name?: string;
  optsArg?: Expression;
  opts?: ObjRef;
  handler?: { file: SourceInfo; node: Node };
  /** the handler as written (absent in the curried form when the returned decorator is stored, not applied) */
  handlerExpr?: Node;
  /** created at module scope (not inside a function, loop or condition) */
  moduleScope: boolean;
}

export interface ObjRef {
  file: SourceInfo;
  node: ObjectLiteralExpression;
}

export type PropLookup =
  | { kind: "found"; file: SourceInfo; prop: Node; value: Expression; nameNode: Node }
  | { kind: "missing" }
  | { kind: "unknown"; node: Node };

export type StaticValue = { known: true; value: unknown } | { known: false; node: Node };

const EXT_METHODS: Record<string, RegKind> = { tool: "tool", skeleton: "skeleton", panel: "panel", secret: "secret", schedule: "schedule" };
const CHAT_METHODS: Record<string, RegKind> = { function: "function", fn: "function" };

export class Model {
  readonly files: SourceInfo[];
  readonly byAbs = new Map<string, SourceInfo>();
  readonly instances: Instance[] = [];
  readonly registrations: Registration[] = [];
  private readonly instanceByNode = new Map<Node, Instance>();
  private nextId = 1;

  constructor(files: SourceInfo[]) {
    this.files = files;
    for (const f of files) this.byAbs.set(f.abs, f);
  }

  get extensions(): Instance[] {
    return this.instances.filter((i) => i.kind === "extension");
  }

  fileOf(node: Node): SourceInfo | undefined {
    return this.byAbs.get(node.getSourceFile().fileName) ?? this.files.find((f) => f.sf === node.getSourceFile());
  }

  // ------------------------------------------------------------------ module resolution

  /** tsconfig `paths` (and `baseUrl`) and package.json `imports` aliases, set by the engine. */
  aliases: { pattern: string; targets: string[] }[] = [];
  baseUrl: string | undefined;

  resolveModule(from: SourceInfo, spec: string): SourceInfo | undefined {
    if (!spec.startsWith(".") && !spec.startsWith("/")) {
      for (const a of this.aliases) {
        const star = a.pattern.indexOf("*");
        let rest: string | undefined;
        if (star < 0) rest = spec === a.pattern ? "" : undefined;
        else if (spec.startsWith(a.pattern.slice(0, star)) && spec.endsWith(a.pattern.slice(star + 1)) && spec.length >= a.pattern.length - 1)
          rest = spec.slice(star, spec.length - (a.pattern.length - star - 1));
        if (rest === undefined) continue;
        for (const t of a.targets) {
          const f = this.resolvePath(t.replace("*", rest));
          if (f) return f;
        }
      }
      if (this.baseUrl && !spec.startsWith("@") && !spec.startsWith("node:")) return this.resolvePath(path.join(this.baseUrl, spec));
      return undefined;
    }
    return this.resolvePath(path.resolve(path.dirname(from.abs), spec));
  }

  private resolvePath(base: string): SourceInfo | undefined {
    const candidates: string[] = [base];
    const m = /\.(m|c)?jsx?$/.exec(base);
    if (m) {
      const stem = base.slice(0, -m[0].length);
      const mod = m[1] ?? "";
      candidates.push(`${stem}.${mod}ts`, `${stem}.${mod}tsx`, `${stem}.tsx`, `${stem}.ts`);
    }
    for (const ext of [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"]) candidates.push(base + ext);
    for (const ext of [".ts", ".tsx", ".js", ".mjs"]) candidates.push(path.join(base, "index" + ext));
    for (const c of candidates) {
      const f = this.byAbs.get(c);
      if (f) return f;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ name resolution

  /** Resolve an identifier occurrence to its declaration (lexical scope, then imports, across files). */
  resolveIdentifier(id: Node, depth = 0): Resolved | undefined {
    if (!ts.isIdentifier(id)) return undefined;
    const file = this.fileOf(id);
    if (!file) return undefined;
    const name = id.text;
    const local = findLexicalDeclaration(id, name);
    if (local) {
      if (local === "import") return this.resolveImport(file, name, depth);
      return { kind: "decl", file, decl: local, name };
    }
    return this.resolveImport(file, name, depth);
  }

  private resolveImport(file: SourceInfo, name: string, depth: number): Resolved | undefined {
    const imp = file.imports.get(name);
    if (!imp || depth > 16) return undefined;
    const target = this.resolveModule(file, imp.spec);
    if (!target) return undefined;
    if (imp.imported === "*") return { kind: "namespace", file: target };
    return this.resolveExport(target, imp.imported, depth + 1, new Set());
  }

  resolveExport(file: SourceInfo, exportName: string, depth = 0, seen = new Set<string>()): Resolved | undefined {
    const key = file.abs + "#" + exportName;
    if (seen.has(key) || depth > 16) return undefined;
    seen.add(key);
    const local = file.exportsLocal.get(exportName);
    if (local !== undefined) {
      if (local === "") {
        // `export default <expression>`
        const ea = file.sf.statements.find((s) => ts.isExportAssignment(s) && !s.isExportEquals);
        if (ea) return { kind: "decl", file, decl: ea, name: "default" };
        return undefined;
      }
      const decl = topLevelDeclaration(file.sf, local);
      if (decl) return { kind: "decl", file, decl, name: local };
      return this.resolveImport(file, local, depth + 1);
    }
    const re = file.reexports.get(exportName);
    if (re) {
      const target = this.resolveModule(file, re.spec);
      if (!target) return undefined;
      if (re.imported === "*") return { kind: "namespace", file: target };
      return this.resolveExport(target, re.imported, depth + 1, seen);
    }
    if (exportName === "default") return undefined;
    for (const spec of file.starExports) {
      const target = this.resolveModule(file, spec);
      if (!target) continue;
      const r = this.resolveExport(target, exportName, depth + 1, seen);
      if (r) return r;
    }
    return undefined;
  }

  /** Resolve `a`, `ns.a`, `(a as X)` to a declaration or namespace. */
  resolveExpression(expr: Node, depth = 0): Resolved | undefined {
    const e = stripExpr(expr);
    if (ts.isIdentifier(e)) return this.resolveIdentifier(e, depth);
    if (ts.isPropertyAccessExpression(e)) {
      const base = this.resolveExpression(e.expression, depth + 1);
      if (base?.kind === "namespace") return this.resolveExport(base.file, e.name.text, depth + 1);
    }
    return undefined;
  }

  /** The initializer expression a declaration binds (const x = <init>; export default <expr>). */
  static initializerOf(decl: Node): Expression | undefined {
    if (ts.isVariableDeclaration(decl)) return decl.initializer;
    if (ts.isExportAssignment(decl)) return decl.expression;
    return undefined;
  }

  /** Follow identifiers/aliases to the expression that produces a value (bounded). */
  followValue(expr: Node, depth = 0): { file: SourceInfo; expr: Expression; decl?: Node } | undefined {
    const e = stripExpr(expr);
    const file = this.fileOf(e);
    if (!file) return undefined;
    if (depth > 12) return undefined;
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const r = this.resolveExpression(e);
      if (r?.kind === "decl") {
        if (ts.isVariableDeclaration(r.decl)) {
          // only const bindings (or let/var never reassigned — we don't track that: only const)
          const list = r.decl.parent;
          if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
          if (!ts.isIdentifier(r.decl.name)) return undefined;
        }
        const init = Model.initializerOf(r.decl);
        if (init) {
          const inner = this.followValue(init, depth + 1);
          if (inner) return { ...inner, decl: inner.decl ?? r.decl };
          return undefined;
        }
        if (ts.isFunctionDeclaration(r.decl) || ts.isClassDeclaration(r.decl)) return undefined;
        return undefined;
      }
      if (ts.isPropertyAccessExpression(e)) return { file, expr: e };
      return undefined;
    }
    return { file, expr: e as Expression };
  }

  // ------------------------------------------------------------------ static evaluation

  evaluate(expr: Node | undefined, depth = 0): StaticValue {
    if (!expr) return { known: true, value: undefined };
    const e = stripExpr(expr);
    if (depth > 12) return { known: false, node: e };
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { known: true, value: e.text };
    if (ts.isNumericLiteral(e)) return { known: true, value: Number(e.text.replace(/_/g, "")) };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { known: true, value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { known: true, value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { known: true, value: null };
    if (ts.isIdentifier(e) && e.text === "undefined") return { known: true, value: undefined };
    if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) {
      const v = this.evaluate(e.operand, depth + 1);
      if (v.known && typeof v.value === "number") return { known: true, value: e.operator === ts.SyntaxKind.MinusToken ? -v.value : v.value };
      return { known: false, node: e };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = this.evaluate(e.left, depth + 1);
      const r = this.evaluate(e.right, depth + 1);
      if (l.known && r.known && (typeof l.value === "string" || typeof r.value === "string")) return { known: true, value: String(l.value) + String(r.value) };
      if (l.known && r.known && typeof l.value === "number" && typeof r.value === "number") return { known: true, value: l.value + r.value };
      return { known: false, node: e };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
      const l = this.evaluate(e.left, depth + 1);
      const r = this.evaluate(e.right, depth + 1);
      if (l.known && r.known && typeof l.value === "number" && typeof r.value === "number") return { known: true, value: l.value * r.value };
      return { known: false, node: e };
    }
    if (ts.isTemplateExpression(e)) {
      let s = e.head.text;
      for (const span of e.templateSpans) {
        const v = this.evaluate(span.expression, depth + 1);
        if (!v.known) return { known: false, node: e };
        s += String(v.value) + span.literal.text;
      }
      return { known: true, value: s };
    }
    if (ts.isArrayLiteralExpression(e)) {
      const out: unknown[] = [];
      for (const el of e.elements) {
        if (ts.isSpreadElement(el)) {
          // [...BASE_CAPS, "x:write"] with a known array
          const sv = this.evaluate(el.expression, depth + 1);
          if (!sv.known || !Array.isArray(sv.value)) return { known: false, node: e };
          out.push(...(sv.value as unknown[]));
          continue;
        }
        const v = this.evaluate(el, depth + 1);
        if (!v.known) return { known: false, node: e };
        out.push(v.value);
      }
      return { known: true, value: out };
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(stripExpr(e.expression))) {
      // ["Create a note.", "Use it when ..."].join(" ") and "  text ".trim(): common ways to write long descriptions
      const callee = stripExpr(e.expression) as import("ts-morph").ts.PropertyAccessExpression;
      const m = callee.name.text;
      if (m === "join" || m === "trim") {
        const base = this.evaluate(callee.expression, depth + 1);
        const arg = e.arguments[0] ? this.evaluate(e.arguments[0], depth + 1) : { known: true as const, value: undefined };
        if (base.known && arg.known) {
          if (m === "join" && Array.isArray(base.value) && (arg.value === undefined || typeof arg.value === "string"))
            return { known: true, value: base.value.map((x) => (x === null || x === undefined ? "" : String(x))).join(arg.value ?? ",") };
          if (m === "trim" && typeof base.value === "string" && e.arguments.length === 0) return { known: true, value: base.value.trim() };
        }
      }
      return { known: false, node: e };
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const f = this.followValue(e, depth + 1);
      if (f && f.expr !== e) return this.evaluate(f.expr, depth + 1);
      if (ts.isPropertyAccessExpression(e)) {
        // CONFIG.slot where `const CONFIG = { slot: "left" }`, or Enum.Member
        const obj = this.resolveObject(e.expression);
        if (obj) {
          const p = this.getProp(obj, e.name.text);
          if (p.kind === "found") return this.evaluate(p.value, depth + 1);
          return { known: false, node: e };
        }
        const base = stripExpr(e.expression);
        const r = ts.isIdentifier(base) ? this.resolveIdentifier(base) : undefined;
        if (r?.kind === "decl" && ts.isEnumDeclaration(r.decl)) {
          const m = r.decl.members.find((mm) => (ts.isIdentifier(mm.name) || ts.isStringLiteral(mm.name)) && mm.name.text === e.name.text);
          if (m?.initializer) return this.evaluate(m.initializer, depth + 1);
        }
      }
      return { known: false, node: e };
    }
    return { known: false, node: e };
  }

  /** Resolve an expression to an object literal (following const bindings). */
  resolveObject(expr: Node | undefined): ObjRef | undefined {
    if (!expr) return undefined;
    const f = this.followValue(expr);
    if (f && ts.isObjectLiteralExpression(f.expr)) return { file: f.file, node: f.expr };
    return undefined;
  }

  /** Look a property up in an object literal; spreads we cannot resolve make the result `unknown`. */
  getProp(obj: ObjRef, name: string, depth = 0): PropLookup {
    const props = obj.node.properties;
    for (let i = props.length - 1; i >= 0; i--) {
      const p = props[i]!;
      if (ts.isSpreadAssignment(p)) {
        const inner = depth < 8 ? this.resolveObject(p.expression) : undefined;
        if (!inner) {
          const alt = depth < 8 ? this.getPropAlternatives(p.expression, name, depth + 1) : undefined;
          if (alt === undefined) return { kind: "unknown", node: p };
          if (alt.kind !== "missing") return alt.kind === "unknown" ? { kind: "unknown", node: p } : alt;
          continue;
        }
        const r = this.getProp(inner, name, depth + 1);
        if (r.kind !== "missing") return r;
        continue;
      }
      const pn = p.name;
      if (!pn) continue;
      let key: string | undefined;
      if (ts.isIdentifier(pn) || ts.isStringLiteral(pn) || ts.isNumericLiteral(pn) || ts.isNoSubstitutionTemplateLiteral(pn)) key = pn.text;
      else if (ts.isComputedPropertyName(pn)) {
        const v = this.evaluate(pn.expression);
        if (!v.known) return { kind: "unknown", node: p };
        key = String(v.value);
      }
      if (key !== name) continue;
      if (ts.isPropertyAssignment(p)) return { kind: "found", file: obj.file, prop: p, value: p.initializer, nameNode: pn };
      if (ts.isShorthandPropertyAssignment(p)) return { kind: "found", file: obj.file, prop: p, value: p.name, nameNode: pn };
      return { kind: "unknown", node: p };
    }
    return { kind: "missing" };
  }

  /**
   * `...(cond ? { a } : { b })` / `...(x ?? { ... })`: look the property up in every object branch. Missing in all
   * branches is missing; found in all with the same static value is that value; anything else is unknown.
   * Returns undefined when the spread is not such an expression.
   */
  private getPropAlternatives(expr: Node, name: string, depth: number): PropLookup | undefined {
    const f = this.followValue(expr);
    const e = f ? stripExpr(f.expr) : stripExpr(expr);
    let branches: Node[];
    if (ts.isConditionalExpression(e)) branches = [e.whenTrue, e.whenFalse];
    else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) branches = [e.left, e.right];
    else return undefined;
    const results: PropLookup[] = [];
    for (const b of branches) {
      const obj = this.resolveObject(b);
      if (obj) results.push(this.getProp(obj, name, depth));
      else {
        const inner = this.getPropAlternatives(b, name, depth + 1);
        if (!inner) return { kind: "unknown", node: b };
        results.push(inner);
      }
    }
    if (results.every((r) => r.kind === "missing")) return { kind: "missing" };
    if (results.every((r) => r.kind === "found")) {
      const vals = results.map((r) => (r.kind === "found" ? this.evaluate(r.value) : { known: false as const, node: e }));
      const first = vals[0]!;
      if (first.known && vals.every((v) => v.known && JSON.stringify(v.value) === JSON.stringify(first.value))) return results[0];
    }
    return { kind: "unknown", node: e };
  }

  // ------------------------------------------------------------------ SDK instances

  isSdkNew(n: NewExpression): "extension" | "chat" | undefined {
    const file = this.fileOf(n);
    if (!file) return undefined;
    const callee = stripExpr(n.expression);
    let imported: string | undefined;
    if (ts.isIdentifier(callee)) {
      imported = file.sdkNames.get(callee.text);
      if (imported && findLexicalDeclaration(callee, callee.text) !== "import") imported = undefined;
    } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && file.sdkNamespaces.has(callee.expression.text)) {
      imported = callee.name.text;
    }
    if (imported === "Extension") return "extension";
    if (imported === "ChatExtension") return "chat";
    return undefined;
  }

  /** The Extension/ChatExtension instance an expression evaluates to, if statically known. */
  resolveInstance(expr: Node, depth = 0): Instance | undefined {
    if (depth > 12) return undefined;
    const e = stripExpr(expr);
    if (ts.isNewExpression(e)) return this.instanceByNode.get(e);
    const r = this.resolveExpression(e);
    if (r?.kind !== "decl") return undefined;
    if (ts.isParameter(r.decl)) return this.resolveParameterInstance(r.decl, depth);
    if (ts.isVariableDeclaration(r.decl) && !ts.isIdentifier(r.decl.name)) return undefined;
    const init = Model.initializerOf(r.decl);
    if (!init) return undefined;
    return this.resolveInstance(init, depth + 1);
  }

  /**
   * `function registerAll(c: ChatExtension) { c.function(...) }` called as `registerAll(chat)`: the parameter is
   * the instance every call site passes (all call sites must agree; none or a disagreement means unknown).
   */
  private resolveParameterInstance(param: Node, depth: number): Instance | undefined {
    if (!ts.isParameter(param) || !ts.isIdentifier(param.name) || param.dotDotDotToken) return undefined;
    const fn = param.parent;
    const index = (fn as unknown as { parameters: readonly Node[] }).parameters.indexOf(param);
    // recursive calls inside the function only pass the parameter on: the outside call sites decide
    const calls = this.callSitesOf(fn).filter((c) => !isWithin(c, fn));
    let found: Instance | undefined;
    for (const c of calls) {
      const arg = c.arguments[index];
      const inst = arg ? this.resolveInstance(arg, depth + 1) : undefined;
      if (!inst || (found && found !== inst)) return undefined;
      found = inst;
    }
    return found;
  }

  private callIndex: Map<string, CallExpression[]> | undefined;

  /** Calls of a function declared in the extension (`f(...)`, `ns.f(...)`), found by callee name then resolved. */
  callSitesOf(fn: Node): CallExpression[] {
    let decl: Node | undefined;
    let name: string | undefined;
    if (ts.isFunctionDeclaration(fn) && fn.name) {
      decl = fn;
      name = fn.name.text;
    } else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) && fn.parent.initializer === fn) {
      decl = fn.parent;
      name = fn.parent.name.text;
    }
    if (!decl || !name) return [];
    if (!this.callIndex) {
      this.callIndex = new Map();
      for (const f of this.files)
        for (const c of f.calls) {
          const callee = stripExpr(c.expression);
          const n = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
          if (n === undefined) continue;
          let list = this.callIndex.get(n);
          if (!list) this.callIndex.set(n, (list = []));
          list.push(c);
        }
    }
    const out: CallExpression[] = [];
    for (const c of this.callIndex.get(name) ?? []) {
      const r = this.resolveExpression(c.expression);
      if (r?.kind === "decl" && r.decl === decl) out.push(c);
    }
    return out;
  }

  /**
   * A local module that re-exports the SDK or zod (`export { Extension, z } from "@imperal/sdk"`,
   * `export * from "@imperal/sdk"`, `import { z } from "zod"; export { z }`) makes its importers' bindings SDK/zod
   * bindings too. Propagated to a fixpoint over the files' import tables.
   */
  private propagateReexports(): void {
    const SDK_EXPORTS = ["Extension", "ChatExtension", "ActionResult"];
    for (let pass = 0; pass < 6; pass++) {
      let changed = false;
      for (const file of this.files) {
        for (const [name, imp] of file.imports) {
          if (imp.spec === SDK_MODULE || ZOD_MODULES.has(imp.spec) || file.sdkNames.has(name) || file.zodNames.has(name) || file.sdkNamespaces.has(name)) continue;
          if (!imp.spec.startsWith(".") && !this.aliases.length && !this.baseUrl) continue;
          const t = this.resolveModule(file, imp.spec);
          if (!t) continue;
          if (imp.imported === "*") {
            if (t.starExports.includes(SDK_MODULE)) (file.sdkNamespaces.add(name), (changed = true));
            continue;
          }
          const re = t.reexports.get(imp.imported);
          const local = t.exportsLocal.get(imp.imported);
          let sdk: string | undefined;
          let zod = false;
          if (re) {
            if (re.spec === SDK_MODULE && re.imported === "*") (file.sdkNamespaces.add(name), (changed = true));
            if (re.spec === SDK_MODULE && SDK_EXPORTS.includes(re.imported)) sdk = re.imported;
            if (ZOD_MODULES.has(re.spec) && (re.imported === "z" || (re.spec !== SDK_MODULE && re.imported === "default"))) zod = true;
          } else if (local !== undefined && local !== "") {
            sdk = t.sdkNames.get(local);
            zod = t.zodNames.has(local);
          } else if (local === undefined) {
            if (t.starExports.includes(SDK_MODULE) && SDK_EXPORTS.includes(imp.imported)) sdk = imp.imported;
            if (imp.imported === "z" && t.starExports.some((x) => ZOD_MODULES.has(x))) zod = true;
          }
          if (sdk) (file.sdkNames.set(name, sdk), (changed = true));
          if (zod) (file.zodNames.add(name), (changed = true));
        }
      }
      if (!changed) break;
    }
  }

  discover(): void {
    this.propagateReexports();
    for (const file of this.files) {
      for (const n of file.news) {
        const kind = this.isSdkNew(n);
        if (!kind) continue;
        const inst: Instance = { id: this.nextId++, kind, file, node: n, registrations: [] };
        this.instances.push(inst);
        this.instanceByNode.set(n, inst);
      }
    }
    const exts = this.extensions;
    for (const inst of this.instances) {
      if (inst.kind !== "chat") continue;
      const first = inst.node.arguments?.[0];
      const parent = first ? this.resolveInstance(first) : undefined;
      inst.parent = parent?.kind === "extension" ? parent : exts.length === 1 ? exts[0] : undefined;
    }
    for (const file of this.files) {
      for (const call of file.calls) this.tryRegistration(file, call);
    }
  }

  private tryRegistration(file: SourceInfo, call: CallExpression): void {
    const callee = stripExpr(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!(method in EXT_METHODS) && !(method in CHAT_METHODS)) return;
    const inst = this.resolveInstance(callee.expression);
    if (!inst) return;
    const kind = inst.kind === "extension" ? EXT_METHODS[method] : CHAT_METHODS[method];
    if (!kind || !Object.prototype.hasOwnProperty.call(inst.kind === "extension" ? EXT_METHODS : CHAT_METHODS, method)) return;

    let form: Registration["form"] = "call";
    let handlerExpr: Node | undefined;
    let scopeNode: Node = call;
    let up: Node = call.parent;
    while (ts.isParenthesizedExpression(up)) up = up.parent;
    if (ts.isDecorator(up)) {
      form = "decorator";
      const target = up.parent;
      if (target && (ts.isMethodDeclaration(target) || ts.isPropertyDeclaration(target))) {
        handlerExpr = ts.isMethodDeclaration(target) ? target : target.initializer;
        scopeNode = target.parent; // the class
      }
    } else if (ts.isCallExpression(up) && stripExpr(up.expression) === call) {
      form = "curried";
      handlerExpr = up.arguments[0];
    } else {
      handlerExpr = call.arguments[2];
    }
    const nameArg = call.arguments[0];
    const optsArg = call.arguments[1];
    const nameVal = nameArg ? this.evaluate(nameArg) : undefined;
    const reg: Registration = {
      kind,
      instance: inst,
      ext: inst.kind === "extension" ? inst : inst.parent,
      file,
      call,
      form,
      nameArg,
      name: nameVal?.known && typeof nameVal.value === "string" ? nameVal.value : undefined,
      optsArg,
      opts: this.resolveObject(optsArg),
      handler: handlerExpr ? this.resolveHandler(handlerExpr) : undefined,
      handlerExpr,
      moduleScope: isModuleScope(scopeNode),
    };
    inst.registrations.push(reg);
    this.registrations.push(reg);
  }

  resolveHandler(expr: Node, depth = 0): { file: SourceInfo; node: Node } | undefined {
    if (depth > 6) return undefined;
    if (ts.isMethodDeclaration(expr)) {
      const f = this.fileOf(expr);
      return f ? { file: f, node: expr } : undefined;
    }
    const e = stripExpr(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      const f = this.fileOf(e);
      return f ? { file: f, node: e } : undefined;
    }
    // a wrapper such as withAuth(async (ctx) => ...): the function passed to it is the handler body
    if (ts.isCallExpression(e)) {
      // handlers.list.bind(handlers): the bound method
      const callee = stripExpr(e.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind") {
        const h = this.resolveHandler(callee.expression, depth + 1);
        if (h) return h;
      }
      for (const a of e.arguments) {
        const h = this.resolveHandler(a, depth + 1);
        if (h) return h;
      }
      // a handler factory: makeHandler("notes") where makeHandler returns a function it defines
      const fr = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? this.resolveExpression(callee) : undefined;
      const fn = fr?.kind === "decl" ? (ts.isFunctionDeclaration(fr.decl) ? fr.decl : Model.initializerOf(fr.decl)) : undefined;
      const body = fn && (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(stripExpr(fn)) || ts.isFunctionExpression(stripExpr(fn))) ? (stripExpr(fn) as import("ts-morph").ts.FunctionLikeDeclaration).body : undefined;
      if (body && !ts.isBlock(body)) return this.resolveHandler(body, depth + 1);
      if (body && ts.isBlock(body)) {
        for (const st of body.statements) {
          if (ts.isReturnStatement(st) && st.expression) {
            const h = this.resolveHandler(st.expression, depth + 1);
            if (h) return h;
          }
        }
      }
      return undefined;
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const r = this.resolveExpression(e);
      if (r?.kind === "decl") {
        if (ts.isFunctionDeclaration(r.decl)) return { file: r.file, node: r.decl };
        // const { list, get: getOne } = handlers: the member of the object the pattern destructures
        if (ts.isVariableDeclaration(r.decl) && ts.isObjectBindingPattern(r.decl.name) && r.decl.initializer && ts.isIdentifier(e)) {
          const el = r.decl.name.elements.find((b) => ts.isIdentifier(b.name) && b.name.text === e.text && !b.dotDotDotToken);
          const key = el ? (el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : e.text) : undefined;
          const obj = key !== undefined ? this.resolveObject(r.decl.initializer) : undefined;
          if (!obj || key === undefined) return undefined;
          for (const p of obj.node.properties) {
            if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== key) continue;
            if (ts.isMethodDeclaration(p)) return { file: obj.file, node: p };
            if (ts.isPropertyAssignment(p)) return this.resolveHandler(p.initializer, depth + 1);
          }
          return undefined;
        }
        const init = Model.initializerOf(r.decl);
        if (init) return this.resolveHandler(init, depth + 1);
        return undefined;
      }
      // handlers.create where `const handlers = { async create(ctx) {...} }`
      if (ts.isPropertyAccessExpression(e)) {
        // Handlers.create (static method) or h.create where `const h = new Handlers()`
        const cls = this.resolveClass(e.expression);
        if (cls) {
          for (const m of cls.node.members) {
            if (!m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) || m.name.text !== e.name.text) continue;
            if (ts.isMethodDeclaration(m)) return { file: cls.file, node: m };
            if (ts.isPropertyDeclaration(m) && m.initializer) return this.resolveHandler(m.initializer, depth + 1);
          }
        }
        const obj = this.resolveObject(e.expression);
        if (!obj) return undefined;
        for (const p of obj.node.properties) {
          if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== e.name.text) continue;
          if (ts.isMethodDeclaration(p)) return { file: obj.file, node: p };
          if (ts.isPropertyAssignment(p)) return this.resolveHandler(p.initializer, depth + 1);
        }
      }
    }
    return undefined;
  }

  /** The class an expression names (`Handlers`) or instantiates (`new Handlers()`, through const bindings). */
  resolveClass(expr: Node, depth = 0): { file: SourceInfo; node: import("ts-morph").ts.ClassLikeDeclaration } | undefined {
    if (depth > 8) return undefined;
    const e = stripExpr(expr);
    if (ts.isNewExpression(e)) return this.resolveClass(e.expression, depth + 1);
    if (ts.isClassExpression(e)) {
      const f = this.fileOf(e);
      return f ? { file: f, node: e } : undefined;
    }
    const r = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? this.resolveExpression(e) : undefined;
    if (r?.kind !== "decl") return undefined;
    if (ts.isClassDeclaration(r.decl)) return { file: r.file, node: r.decl };
    if (ts.isVariableDeclaration(r.decl) && ts.isIdentifier(r.decl.name) && r.decl.initializer) return this.resolveClass(r.decl.initializer, depth + 1);
    return undefined;
  }

  /** `z.object(...)`-rooted chain? Returns the root call of the chain when it is a zod object builder. */
  zodRootCall(expr: Node): { call: CallExpression; builder: string } | undefined {
    let e = stripExpr(expr);
    for (let i = 0; i < 64; i++) {
      if (ts.isCallExpression(e)) {
        const callee = stripExpr(e.expression);
        if (ts.isPropertyAccessExpression(callee)) {
          const obj = stripExpr(callee.expression);
          if (ts.isIdentifier(obj) && this.isZodNamespace(obj)) return { call: e, builder: callee.name.text };
          e = obj;
          continue;
        }
        return undefined;
      }
      if (ts.isPropertyAccessExpression(e)) {
        e = stripExpr(e.expression);
        continue;
      }
      return undefined;
    }
    return undefined;
  }

  isZodNamespace(id: Node): boolean {
    if (!ts.isIdentifier(id)) return false;
    const file = this.fileOf(id);
    if (!file) return false;
    if (file.zodNames.has(id.text)) return findLexicalDeclaration(id, id.text) === "import";
    return false;
  }
}

// ------------------------------------------------------------------ helpers

export function stripExpr(n: Node): Node {
  let e = n;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
      continue;
    }
    return e;
  }
}

export function isFunctionLike(n: Node): boolean {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n) ||
    ts.isClassStaticBlockDeclaration(n)
  );
}

/** True when `node` runs once at module evaluation: not inside a function, loop, condition or block. */
export function isModuleScope(node: Node): boolean {
  let p: Node | undefined = node.parent;
  let child: Node = node;
  while (p) {
    if (ts.isSourceFile(p)) return true;
    if (ts.isDecorator(p)) {
      // a decorator runs when its class is defined: continue from the class, skipping the decorated member
      const member: Node = p.parent;
      child = ts.isClassLike(member) ? member : member.parent;
      p = child.parent;
      continue;
    }
    if (isFunctionLike(p)) return false;
    if (ts.isBlock(p) || ts.isModuleBlock(p) || ts.isIfStatement(p) || ts.isSwitchStatement(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) return false;
    if (ts.isForStatement(p) || ts.isForInStatement(p) || ts.isForOfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return false;
    if (ts.isTryStatement(p) || ts.isCatchClause(p) || ts.isConditionalExpression(p)) return false;
    if (ts.isBinaryExpression(p) && child === p.right) {
      const k = p.operatorToken.kind;
      if (k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken) return false;
    }
    child = p;
    p = p.parent;
  }
  return true;
}

function declares(stmt: Node, name: string): Node | undefined {
  if (ts.isVariableStatement(stmt)) {
    for (const d of stmt.declarationList.declarations) {
      if (bindingHas(d.name, name)) return d;
    }
  } else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) && stmt.name?.text === name) {
    return stmt;
  }
  return undefined;
}

function bindingHas(b: Node, name: string): boolean {
  if (ts.isIdentifier(b)) return b.text === name;
  if (ts.isObjectBindingPattern(b) || ts.isArrayBindingPattern(b)) {
    for (const el of b.elements) {
      if (ts.isBindingElement(el) && bindingHas(el.name, name)) return true;
    }
  }
  return false;
}

export function topLevelDeclaration(sf: SourceFile, name: string): Node | undefined {
  for (const s of sf.statements) {
    const d = declares(s, name);
    if (d) return d;
  }
  return undefined;
}

/**
 * Find the declaration of `name` visible at `at` by walking lexical scopes outward. Returns "import" when the
 * name is bound by an import declaration, undefined when it is not declared in the file (a global).
 */
export function findLexicalDeclaration(at: Node, name: string): Node | "import" | undefined {
  let p: Node | undefined = at.parent;
  while (p) {
    if (ts.isSourceFile(p) || ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const s of p.statements) {
        if (ts.isImportDeclaration(s) && ts.isSourceFile(p)) {
          const c = s.importClause;
          if (c) {
            if (c.name?.text === name) return "import";
            const nb = c.namedBindings;
            if (nb && ts.isNamespaceImport(nb) && nb.name.text === name) return "import";
            if (nb && ts.isNamedImports(nb) && nb.elements.some((e) => e.name.text === name)) return "import";
          }
          continue;
        }
        const d = declares(s, name);
        if (d) return d;
      }
    }
    if (isFunctionLike(p)) {
      const fn = p as unknown as { parameters?: readonly Node[]; name?: Node };
      for (const prm of fn.parameters ?? []) {
        if (ts.isParameter(prm) && bindingHas(prm.name, name)) return prm;
      }
      if ((ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p)) && p.name?.text === name && !ts.isFunctionDeclaration(p)) return p;
    }
    if ((ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer && ts.isVariableDeclarationList(p.initializer)) {
      for (const d of p.initializer.declarations) if (bindingHas(d.name, name)) return d;
    }
    if (ts.isCatchClause(p) && p.variableDeclaration && bindingHas(p.variableDeclaration.name, name)) return p.variableDeclaration;
    if (ts.isClassExpression(p) && p.name?.text === name) return p;
    p = p.parent;
  }
  return undefined;
}

/** Parse import/export tables and collect the node lists rules need, in one walk. */
export function indexFile(file: SourceInfo): void {
  const sf = file.sf;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const spec = s.moduleSpecifier.text;
      const c = s.importClause;
      if (!c) continue;
      if (c.name) {
        file.imports.set(c.name.text, { spec, imported: "default" });
        if (ZOD_MODULES.has(spec) && spec !== SDK_MODULE) file.zodNames.add(c.name.text);
      }
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) {
        file.imports.set(nb.name.text, { spec, imported: "*" });
        if (spec === SDK_MODULE) file.sdkNamespaces.add(nb.name.text);
        else if (ZOD_MODULES.has(spec)) file.zodNames.add(nb.name.text);
      } else if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          const imported = (el.propertyName ?? el.name).text;
          file.imports.set(el.name.text, { spec, imported });
          if (spec === SDK_MODULE && ["Extension", "ChatExtension", "ActionResult"].includes(imported)) file.sdkNames.set(el.name.text, imported);
          if (ZOD_MODULES.has(spec) && imported === "z") file.zodNames.add(el.name.text);
          if (ZOD_MODULES.has(spec) && spec !== SDK_MODULE && imported === "default") file.zodNames.add(el.name.text);
        }
      }
    } else if (ts.isExportDeclaration(s)) {
      const spec = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      const ec = s.exportClause;
      if (!ec) {
        if (spec) file.starExports.push(spec);
      } else if (ts.isNamespaceExport(ec)) {
        if (spec) file.reexports.set(ec.name.text, { spec, imported: "*" });
      } else {
        for (const el of ec.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (spec) file.reexports.set(el.name.text, { spec, imported: local });
          else file.exportsLocal.set(el.name.text, local);
        }
      }
    } else if (ts.isExportAssignment(s) && !s.isExportEquals) {
      const e = stripExpr(s.expression);
      if (ts.isIdentifier(e)) file.exportsLocal.set("default", e.text);
      else file.exportsLocal.set("default", "");
    } else {
      const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
      const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (!exported) continue;
      if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) collectNames(d.name, (n) => file.exportsLocal.set(n, n));
      } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
        file.exportsLocal.set(isDefault ? "default" : s.name.text, s.name.text);
      }
    }
  }

  const visit = (n: Node): void => {
    switch (n.kind) {
      case ts.SyntaxKind.CallExpression:
        file.calls.push(n as CallExpression);
        break;
      case ts.SyntaxKind.NewExpression:
        file.news.push(n as NewExpression);
        break;
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        file.memberAccesses.push(n);
        break;
      case ts.SyntaxKind.ObjectBindingPattern:
      case ts.SyntaxKind.ObjectLiteralExpression:
        file.bindingPatterns.push(n);
        break;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

function collectNames(b: Node, cb: (n: string) => void): void {
  if (ts.isIdentifier(b)) cb(b.text);
  else if (ts.isObjectBindingPattern(b) || ts.isArrayBindingPattern(b)) {
    for (const el of b.elements) if (ts.isBindingElement(el)) collectNames(el.name, cb);
  }
}

export function newSourceInfo(abs: string, rel: string, text: string, sf: SourceFile, parseFailed: boolean): SourceInfo {
  return {
    abs,
    rel,
    text,
    sf,
    parseFailed,
    imports: new Map(),
    exportsLocal: new Map(),
    reexports: new Map(),
    starExports: [],
    sdkNames: new Map(),
    sdkNamespaces: new Set(),
    zodNames: new Set(),
    calls: [],
    news: [],
    memberAccesses: [],
    bindingPatterns: [],
  };
}

/** Name of a property access / element access member when static. */
export function memberName(n: Node): string | undefined {
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  if (ts.isElementAccessExpression(n)) {
    const a = stripExpr(n.argumentExpression);
    if (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) return a.text;
  }
  return undefined;
}

/** Is `inner` the same as or a descendant of `outer`? */
export function isWithin(inner: Node, outer: Node): boolean {
  let p: Node | undefined = inner;
  while (p) {
    if (p === outer) return true;
    p = p.parent;
  }
  return false;
}
