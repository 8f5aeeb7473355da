/**
 * Module resolution, the bottom layer of the model: module specifiers to analysed files (relative paths,
 * tsconfig `paths`/`baseUrl`, package.json `imports`), identifiers to declarations across files (lexical scope,
 * then imports and re-exports), and const bindings to the expression that produces a value. Everything above
 * (constant evaluation, registration discovery) asks these questions; nothing here asks them back.
 */
import * as path from "node:path";
import { ts, type Node, type Expression, type CallExpression } from "./tsapi.js";
import { stripExpr } from "./syntax.js";
import { findLexicalDeclaration, topLevelDeclaration } from "./scope.js";
import type { SourceInfo } from "./source-index.js";

export type Resolved =
  { kind: "decl"; file: SourceInfo; decl: Node; name: string } | { kind: "namespace"; file: SourceInfo };

/** Source files of one extension and the questions about names that span them. */
export class ModuleResolver {
  readonly files: SourceInfo[];
  readonly byAbs = new Map<string, SourceInfo>();

  /** tsconfig `paths` (and `baseUrl`) and package.json `imports` aliases, set by the engine. */
  aliases: { pattern: string; targets: string[] }[] = [];
  baseUrl: string | undefined;

  private callIndex: Map<string, CallExpression[]> | undefined;

  constructor(files: SourceInfo[]) {
    this.files = files;
    for (const f of files) this.byAbs.set(f.abs, f);
  }

  /** The analysed file a node belongs to (undefined for nodes of files outside the extension). */
  fileOf(node: Node): SourceInfo | undefined {
    return this.byAbs.get(node.getSourceFile().fileName) ?? this.files.find((f) => f.sf === node.getSourceFile());
  }

  /** The analysed file a module specifier names from `from`; packages outside the extension give undefined. */
  resolveModule(from: SourceInfo, spec: string): SourceInfo | undefined {
    if (!spec.startsWith(".") && !spec.startsWith("/")) {
      for (const a of this.aliases) {
        const star = a.pattern.indexOf("*");
        let rest: string | undefined;
        if (star < 0) rest = spec === a.pattern ? "" : undefined;
        else if (
          spec.startsWith(a.pattern.slice(0, star)) &&
          spec.endsWith(a.pattern.slice(star + 1)) &&
          spec.length >= a.pattern.length - 1
        )
          rest = spec.slice(star, spec.length - (a.pattern.length - star - 1));
        if (rest === undefined) continue;
        for (const t of a.targets) {
          const f = this.resolvePath(t.replace("*", rest));
          if (f) return f;
        }
      }
      if (this.baseUrl && !spec.startsWith("@") && !spec.startsWith("node:"))
        return this.resolvePath(path.join(this.baseUrl, spec));
      return undefined;
    }
    return this.resolvePath(path.resolve(path.dirname(from.abs), spec));
  }

  private resolvePath(base: string): SourceInfo | undefined {
    const candidates: string[] = [base];
    // ESM sources import "./x.js" while the file on disk is x.ts
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

  /** The declaration behind `exportName` of `file`, through `export { a as b }`, re-exports and `export *`. */
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
        const init = ModuleResolver.initializerOf(r.decl);
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

  /** Calls of a function declared in the extension (`f(...)`, `ns.f(...)`), found by callee name then resolved. */
  callSitesOf(fn: Node): CallExpression[] {
    let decl: Node | undefined;
    let name: string | undefined;
    if (ts.isFunctionDeclaration(fn) && fn.name) {
      decl = fn;
      name = fn.name.text;
    } else if (
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      ts.isVariableDeclaration(fn.parent) &&
      ts.isIdentifier(fn.parent.name) &&
      fn.parent.initializer === fn
    ) {
      decl = fn.parent;
      name = fn.parent.name.text;
    }
    if (!decl || !name) return [];
    if (!this.callIndex) {
      // built on first use: most validations never ask for call sites
      this.callIndex = new Map();
      for (const f of this.files)
        for (const c of f.calls) {
          const callee = stripExpr(c.expression);
          const n = ts.isIdentifier(callee)
            ? callee.text
            : ts.isPropertyAccessExpression(callee)
              ? callee.name.text
              : undefined;
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
}
