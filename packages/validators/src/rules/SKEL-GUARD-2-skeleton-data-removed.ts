import { ts } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { memberName } from "../engine/model.js";
import { ctxParam, isCtxExpr } from "../engine/rule-helpers.js";

const REMOVED = new Set(["skeleton_data", "skeletonData"]);

/** SKEL-GUARD-2: ctx.skeleton_data / ctx.skeletonData anywhere (removed API). */
export default defineRule(
  {
    id: "SKEL-GUARD-2",
    severity: "error",
    description: "ctx.skeleton_data / ctx.skeletonData (removed API) is used.",
    fix: "remove it: handlers read live data; skeleton handlers use ctx.skeleton.get(section)",
  },
  (ctx) => {
    const handlerParams = new Set(
      ctx.model.registrations.map((r) => (r.handler ? ctxParam(r.handler.node) : undefined)).filter(Boolean),
    );
    for (const file of ctx.model.files) {
      for (const n of file.memberAccesses) {
        const name = memberName(n);
        if (!name || !REMOVED.has(name)) continue;
        if (!isCtxExpr(ctx.model, file, (n as unknown as { expression: import("../engine/tsapi.js").Node }).expression))
          continue;
        ctx.report(n, `ctx.${name} was removed`, {});
      }
      for (const n of file.bindingPatterns) {
        if (!ts.isObjectBindingPattern(n)) continue;
        const parent = n.parent;
        const fromCtx =
          (ts.isVariableDeclaration(parent) && parent.initializer && isCtxExpr(ctx.model, file, parent.initializer)) ||
          handlerParams.has(n);
        if (!fromCtx) continue;
        for (const el of n.elements) {
          const named =
            el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName))
              ? el.propertyName
              : undefined;
          const key = named ? named.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
          if (key && REMOVED.has(key)) ctx.report(el, `ctx.${key} was removed`, {});
        }
      }
    }
  },
);
