/**
 * Node-level syntax questions every layer of the engine asks (what an expression is once wrappers are peeled,
 * whether code runs once at import time). No knowledge of files, imports or the SDK lives here.
 */
import { ts, type Node } from "./tsapi.js";

/** Peel `( )`, `as`, `!`, `satisfies` and `<T>` wrappers: they change types, never the runtime value. */
export function stripExpr(n: Node): Node {
  let e = n;
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e)
    ) {
      e = e.expression;
      continue;
    }
    return e;
  }
}

/** True for every node that opens a function body (so code inside it runs later, not at module evaluation). */
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
    if (
      ts.isBlock(p) ||
      ts.isModuleBlock(p) ||
      ts.isIfStatement(p) ||
      ts.isSwitchStatement(p) ||
      ts.isCaseClause(p) ||
      ts.isDefaultClause(p)
    )
      return false;
    if (
      ts.isForStatement(p) ||
      ts.isForInStatement(p) ||
      ts.isForOfStatement(p) ||
      ts.isWhileStatement(p) ||
      ts.isDoStatement(p)
    )
      return false;
    if (ts.isTryStatement(p) || ts.isCatchClause(p) || ts.isConditionalExpression(p)) return false;
    if (ts.isBinaryExpression(p) && child === p.right) {
      const k = p.operatorToken.kind;
      if (
        k === ts.SyntaxKind.AmpersandAmpersandToken ||
        k === ts.SyntaxKind.BarBarToken ||
        k === ts.SyntaxKind.QuestionQuestionToken
      )
        return false;
    }
    child = p;
    p = p.parent;
  }
  return true;
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

/** The first node found deeper than `limit` levels below `root` (an iterative walk), or undefined. */
export function deeperThan(root: Node, limit: number): Node | undefined {
  const stack: [Node, number][] = [[root, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [n, depth] = item;
    if (depth > limit) return n;
    ts.forEachChild(n, (c) => {
      stack.push([c, depth + 1]);
    });
  }
  return undefined;
}
