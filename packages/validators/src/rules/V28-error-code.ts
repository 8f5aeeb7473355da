import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { findLexicalDeclaration, isWithin, stripExpr, type SourceInfo } from "../engine/model.js";

import { ERROR_CODE_REGEX as ERROR_CODE_RE } from "../patterns.js";

function isActionResult(file: SourceInfo, e: Node): boolean {
  const s = stripExpr(e);
  if (ts.isIdentifier(s))
    return file.sdkNames.get(s.text) === "ActionResult" && findLexicalDeclaration(s, s.text) === "import";
  if (ts.isPropertyAccessExpression(s) && s.name.text === "ActionResult") {
    const ns = stripExpr(s.expression);
    return ts.isIdentifier(ns) && file.sdkNamespaces.has(ns.text);
  }
  return false;
}

/** V28: ActionResult.error(...) without a code matching ^[A-Z][A-Z0-9_]{2,63}$. */
export default defineRule(
  {
    id: "V28",
    severity: "warn",
    description:
      "ActionResult.error(...) carries a stable code matching ^[A-Z][A-Z0-9_]{2,63}$ (otherwise the kernel stamps EXT_UNSTRUCTURED_ERROR).",
    fix: 'pass a code: ActionResult.error("message", { code: "NOTE_NOT_FOUND" })',
  },
  (ctx) => {
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (
          !ts.isPropertyAccessExpression(callee) ||
          callee.name.text !== "error" ||
          !isActionResult(file, callee.expression)
        )
          continue;
        const opts = call.arguments[1];
        if (!opts) {
          ctx.report(call, "ActionResult.error(...) without a code", {});
          continue;
        }
        const obj = ctx.model.resolveObject(opts);
        if (!obj) {
          ctx.cannotVerify(opts, "the error code");
          continue;
        }
        const p = ctx.model.getProp(obj, "code");
        if (p.kind === "missing") {
          ctx.report(call, "ActionResult.error(...) without a code", {});
          continue;
        }
        if (p.kind === "unknown") {
          ctx.cannotVerify(p.node, "the error code");
          continue;
        }
        checkCode(ctx, p.value, 0);
      }
    }
  },
);

/**
 * Check a code expression. A code that is a parameter of a helper (`fail(msg, code)`, `(m, code = "X") => ...`)
 * is checked at each call site of the helper instead (its default when the argument is omitted): the value is
 * known there, and that is where the author has to fix it.
 */
function checkCode(ctx: RuleContext, expr: Node, depth: number): void {
  const v = ctx.model.evaluate(expr);
  if (v.known) {
    if (typeof v.value !== "string" || !ERROR_CODE_RE.test(v.value)) {
      const message =
        v.value === undefined
          ? "ActionResult.error(...) without a code"
          : `error code ${JSON.stringify(v.value)} does not match ^[A-Z][A-Z0-9_]{2,63}$`;
      ctx.report(expr, message, { fix: 'use UPPER_SNAKE_CASE, e.g. "NOTE_NOT_FOUND"' });
    }
    return;
  }
  const e = stripExpr(expr);
  const decl = ts.isIdentifier(e) && depth < 4 ? findLexicalDeclaration(e, e.text) : undefined;
  if (decl && decl !== "import" && ts.isParameter(decl) && ts.isIdentifier(decl.name) && !decl.dotDotDotToken) {
    const fn = decl.parent;
    const index = (fn as unknown as { parameters: readonly Node[] }).parameters.indexOf(decl);
    // recursive calls inside the helper only pass the value on: the outside call sites decide
    const sites = ctx.model.callSitesOf(fn).filter((c) => !isWithin(c, fn));
    if (sites.length > 0) {
      for (const call of sites) {
        const arg = call.arguments[index];
        if (arg) checkCode(ctx, arg, depth + 1);
        else if (decl.initializer) checkCode(ctx, decl.initializer, depth + 1);
        else ctx.report(call, "ActionResult.error(...) without a code (the helper is called without one)", {});
      }
      return;
    }
  }
  ctx.cannotVerify(expr, "the error code");
}
