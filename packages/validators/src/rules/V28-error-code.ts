import { ts, type Node } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { findLexicalDeclaration, stripExpr, type SourceInfo } from "../engine/model.js";

import { ERROR_CODE_REGEX as ERROR_CODE_RE } from "../patterns.js";

function isActionResult(file: SourceInfo, e: Node): boolean {
  const s = stripExpr(e);
  if (ts.isIdentifier(s)) return file.sdkNames.get(s.text) === "ActionResult" && findLexicalDeclaration(s, s.text) === "import";
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
    description: "ActionResult.error(...) carries a stable code matching ^[A-Z][A-Z0-9_]{2,63}$ (otherwise the kernel stamps EXT_UNSTRUCTURED_ERROR).",
    fix: 'pass a code: ActionResult.error("message", { code: "NOTE_NOT_FOUND" })',
  },
  (ctx) => {
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "error" || !isActionResult(file, callee.expression)) continue;
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
        const v = ctx.model.evaluate(p.value);
        if (!v.known) ctx.cannotVerify(p.value, "the error code");
        else if (typeof v.value !== "string" || !ERROR_CODE_RE.test(v.value))
          ctx.report(p.value, `error code ${JSON.stringify(v.value)} does not match ^[A-Z][A-Z0-9_]{2,63}$`, { fix: 'use UPPER_SNAKE_CASE, e.g. "NOTE_NOT_FOUND"' });
      }
    }
  },
);
