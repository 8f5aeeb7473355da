import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { regNode, regOpt, regLabel } from "../engine/rule-helpers.js";
import { isModuleScope, stripExpr, Model } from "../engine/model.js";

const OBJECT_BUILDERS = new Set(["object", "strictObject", "looseObject"]);

/**
 * V17: every chat function declares `params`, a `z.object(...)` built once at module scope: a top-level const,
 * or inline in a top-level registration. Never built inside a function, loop or condition.
 */
export default defineRule(
  {
    id: "V17",
    severity: "error",
    description:
      "Every chat function declares params: a z.object(...) built at module scope (a top-level const, or inline in a top-level registration).",
    fix: "declare `const Params = z.object({ ... })` at the top level of the module and pass params: Params",
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function") continue;
      const p = regOpt(ctx, reg, "params");
      if (p.kind === "missing") {
        ctx.report(regNode(reg), `${regLabel(reg)} declares no params schema`, {
          fix: "add params: z.object({ ... }) declared at module scope (z.object({}) when it takes no parameters)",
        });
        continue;
      }
      if (p.kind === "unknown") {
        ctx.cannotVerify(p.node, "the params schema");
        continue;
      }
      checkSchema(ctx, p.value, p.value, 0);
    }
  },
);

function checkSchema(ctx: RuleContext, expr: Node, reportAt: Node, depth: number): void {
  const model = ctx.model;
  const e = stripExpr(expr);
  if (depth > 8) {
    ctx.cannotVerify(reportAt, "the params schema");
    return;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const r = model.resolveExpression(e);
    if (!r || r.kind !== "decl") {
      ctx.cannotVerify(reportAt, "the params schema (declared outside the analysed files)");
      return;
    }
    if (ts.isParameter(r.decl) || ts.isBindingElement(r.decl)) {
      ctx.report(reportAt, "params schema comes from a function parameter, not a module-scope z.object", {
        fix: "declare the z.object(...) as a top-level const",
      });
      return;
    }
    if (!ts.isVariableDeclaration(r.decl)) {
      ctx.cannotVerify(reportAt, "the params schema");
      return;
    }
    if (!isModuleScope(r.decl)) {
      const lc = r.file.sf.getLineAndCharacterOfPosition(r.decl.getStart(r.file.sf));
      const where = `inside a function, loop or condition (line ${lc.line + 1})`;
      ctx.report(reportAt, `params schema "${r.name}" is built ${where}; it must be created once at module scope`, {
        fix: `move \`const ${r.name} = z.object(...)\` to the top level of the module`,
      });
      return;
    }
    const list = r.decl.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) {
      ctx.report(reportAt, `params schema "${r.name}" is not a const`, {
        fix: `declare it with const: const ${r.name} = z.object(...)`,
      });
      return;
    }
    const init = Model.initializerOf(r.decl);
    if (!init) {
      ctx.cannotVerify(reportAt, "the params schema");
      return;
    }
    checkBuilt(ctx, init, reportAt, depth);
    return;
  }
  // inline expression
  if (!isModuleScope(e)) {
    if (model.zodRootCall(e) || ts.isCallExpression(e)) {
      ctx.report(
        reportAt,
        "params z.object(...) is built inside a function, loop or condition; it must be created once at module scope",
        {
          fix: "register the function at the top level or move the schema to a top-level const",
        },
      );
      return;
    }
  }
  checkBuilt(ctx, e, reportAt, depth);
}

/** The expression that builds the schema: must be a zod object builder chain (or .extend/.merge of one). */
function checkBuilt(ctx: RuleContext, init: Node, reportAt: Node, depth: number): void {
  const model = ctx.model;
  const root = model.zodRootCall(init);
  if (root) {
    if (!OBJECT_BUILDERS.has(root.builder))
      ctx.report(reportAt, `params must be a z.object(...) schema, not z.${root.builder}(...)`, {
        fix: "wrap the parameters in z.object({ ... })",
      });
    return;
  }
  // Base.extend({...}) / Base.pick(...) chains rooted at another schema identifier
  let e = stripExpr(init);
  while (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) {
    e = stripExpr(ts.isCallExpression(e) ? e.expression : e.expression);
    if (ts.isIdentifier(e)) break;
  }
  if (ts.isIdentifier(e) && e !== stripExpr(init)) {
    checkSchema(ctx, e, reportAt, depth + 1);
    return;
  }
  const s = stripExpr(init);
  if (
    ts.isObjectLiteralExpression(s) ||
    ts.isStringLiteral(s) ||
    ts.isNumericLiteral(s) ||
    ts.isArrayLiteralExpression(s)
  ) {
    ctx.report(reportAt, "params must be a z.object(...) schema", {
      fix: "wrap the parameters in z.object({ ... }) (zod imported from @imperal/sdk or zod)",
    });
    return;
  }
  ctx.cannotVerify(
    reportAt,
    "that params is a module-scope z.object (built by an expression the validator cannot follow)",
  );
}
