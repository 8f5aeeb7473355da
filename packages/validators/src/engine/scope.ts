/**
 * Lexical scopes inside one file: which declaration a name refers to at a given point. Without a type checker
 * this is how the engine tells a local `ctx` or `z` from the imported one, or a helper's parameter from a const.
 */
import { ts, type Node, type SourceFile } from "./tsapi.js";
import { isFunctionLike } from "./syntax.js";

function declares(stmt: Node, name: string): Node | undefined {
  if (ts.isVariableStatement(stmt)) {
    for (const d of stmt.declarationList.declarations) {
      if (bindingHas(d.name, name)) return d;
    }
  } else if (
    (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) &&
    stmt.name?.text === name
  ) {
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

/** The top-level statement of `sf` that declares `name` (variable, function, class or enum). */
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
      if (
        (ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p)) &&
        p.name?.text === name &&
        !ts.isFunctionDeclaration(p)
      )
        return p;
    }
    if (
      (ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) &&
      p.initializer &&
      ts.isVariableDeclarationList(p.initializer)
    ) {
      for (const d of p.initializer.declarations) if (bindingHas(d.name, name)) return d;
    }
    if (ts.isCatchClause(p) && p.variableDeclaration && bindingHas(p.variableDeclaration.name, name))
      return p.variableDeclaration;
    if (ts.isClassExpression(p) && p.name?.text === name) return p;
    p = p.parent;
  }
  return undefined;
}
