import { ts, type Node } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { findLexicalDeclaration, memberName, stripExpr } from "../engine/model.js";
import { ctxParam, walk, handlersOf, handlerWhere, unresolvedHandlers } from "../engine/rule-helpers.js";

function propKey(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  return undefined;
}

/**
 * V24: no ctx.skeleton access (member, element access or destructuring) in chat function or panel handlers,
 * nested closures included. Skeleton data is for the classifier; handlers fetch live data.
 */
export default defineRule(
  {
    id: "V24",
    severity: "error",
    description:
      "No ctx.skeleton access — member, element access or destructuring — in chat function or panel handlers (nested closures included).",
    fix: "read live data (ctx.store, ctx.http, ctx.cache) in the handler; skeletons feed the classifier only",
  },
  (ctx) => {
    const seen = new Set<Node>();
    const hit = (n: Node, how: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      ctx.report(
        n,
        `${how} in a chat function or panel handler: ctx.skeleton is only available to skeleton handlers`,
        {},
      );
    };
    for (const r of unresolvedHandlers(ctx.model, ["function", "panel"])) {
      ctx.cannotVerify(
        handlerWhere(r),
        "the handler body (it is not a function the validator can follow)",
        "pass the handler inline or as a function declared in the extension",
      );
    }
    for (const h of handlersOf(ctx.model, ["function", "panel"])) {
      const p = ctxParam(h.node);
      if (!p) continue;
      const checkPattern = (pat: Node, how: string): void => {
        if (!ts.isObjectBindingPattern(pat)) return;
        for (const el of pat.elements) {
          const key = propKey(el.propertyName) ?? (ts.isIdentifier(el.name) ? el.name.text : undefined);
          if (key === "skeleton") hit(el, how);
        }
      };
      if (ts.isObjectBindingPattern(p)) {
        checkPattern(p, "destructuring skeleton from ctx");
        continue;
      }
      if (!ts.isIdentifier(p)) continue;
      const name = p.text;
      // the ctx parameter and any `const c = ctx` alias of it inside the handler
      const ctxDecls = new Set<Node>([p.parent]);
      const isCtx = (e: Node): boolean => {
        const s = stripExpr(e);
        if (!ts.isIdentifier(s)) return false;
        const d = findLexicalDeclaration(s, s.text);
        return d !== undefined && d !== "import" && ctxDecls.has(d);
      };
      walk(h.node, (n) => {
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && isCtx(n.initializer))
          ctxDecls.add(n);
      });
      walk(h.node, (n) => {
        if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && isCtx(n.expression)) {
          if (memberName(n) === "skeleton")
            hit(n, `${(stripExpr(n.expression) as unknown as { text: string }).text}.skeleton access`);
        } else if (ts.isVariableDeclaration(n) && n.initializer && isCtx(n.initializer)) {
          checkPattern(n.name, `destructuring skeleton from ${name}`);
        } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && isCtx(n.right)) {
          const left = stripExpr(n.left);
          if (ts.isObjectLiteralExpression(left)) {
            for (const pr of left.properties) {
              const key = pr.name ? propKey(pr.name) : undefined;
              if (key === "skeleton") hit(pr, `destructuring skeleton from ${name}`);
            }
          }
        }
      });
    }
  },
);
