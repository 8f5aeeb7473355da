/**
 * Per-file index built in one walk right after parsing: the import/export tables that module resolution
 * follows, the local names bound to the SDK and zod, and the node lists rules scan (so no rule re-walks a file).
 */
import { ts, type Node, type CallExpression, type NewExpression, type SourceFile } from "./tsapi.js";
import { stripExpr } from "./syntax.js";

export const SDK_MODULE = "@imperal/sdk";
/** Modules whose `z` export (or default export) is zod; the SDK re-exports zod's `z`. */
export const ZOD_MODULES = new Set(["zod", "zod/v4", "zod/v3", "zod/mini", "zod/v4-mini", SDK_MODULE]);
/** The SDK exports the engine recognises by binding (the classes registrations hang off, ActionResult and ui). */
export const SDK_EXPORTS = ["Extension", "ChatExtension", "ActionResult", "ui"];

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

/** An empty index for a parsed file; `indexFile` fills it. */
export function newSourceInfo(
  abs: string,
  rel: string,
  text: string,
  sf: SourceFile,
  parseFailed: boolean,
): SourceInfo {
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

/** Parse import/export tables and collect the node lists rules need, in one walk. */
export function indexFile(file: SourceInfo): void {
  const sf = file.sf;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier))
      indexImport(file, s, s.moduleSpecifier.text);
    else if (ts.isExportDeclaration(s)) indexExportDeclaration(file, s);
    else if (ts.isExportAssignment(s) && !s.isExportEquals) {
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

  // an explicit stack, not recursion: a long `a + b + ...` chain is a deep tree that the parser builds iteratively
  const stack: Node[] = [sf];
  const kids: Node[] = [];
  for (let n = stack.pop(); n; n = stack.pop()) {
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
    ts.forEachChild(n, (c) => {
      kids.push(c);
    });
    while (kids.length) stack.push(kids.pop()!);
  }
}

function indexImport(file: SourceInfo, s: import("ts-morph").ts.ImportDeclaration, spec: string): void {
  const c = s.importClause;
  if (!c) return;
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
      if (spec === SDK_MODULE && SDK_EXPORTS.includes(imported)) file.sdkNames.set(el.name.text, imported);
      if (ZOD_MODULES.has(spec) && imported === "z") file.zodNames.add(el.name.text);
      if (ZOD_MODULES.has(spec) && spec !== SDK_MODULE && imported === "default") file.zodNames.add(el.name.text);
    }
  }
}

function indexExportDeclaration(file: SourceInfo, s: import("ts-morph").ts.ExportDeclaration): void {
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
}

function collectNames(b: Node, cb: (n: string) => void): void {
  if (ts.isIdentifier(b)) cb(b.text);
  else if (ts.isObjectBindingPattern(b) || ts.isArrayBindingPattern(b)) {
    for (const el of b.elements) if (ts.isBindingElement(el)) collectNames(el.name, cb);
  }
}
