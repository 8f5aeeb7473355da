import { ts, type Node } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { isWithin, memberName, stripExpr } from "../engine/model.js";
import { isCtxMember } from "../engine/rule-helpers.js";

/** SKEL-GUARD-1: ctx.skeleton.get(...) not lexically inside an ext.skeleton handler (closures inside one are fine). */
export default defineRule(
  {
    id: "SKEL-GUARD-1",
    severity: "error",
    description:
      "ctx.skeleton.get(...) is only allowed lexically inside an ext.skeleton handler (closures inside one are fine).",
    fix: "read live data in this handler; only skeleton refresh handlers may call ctx.skeleton.get",
  },
  (ctx) => {
    const skeletonHandlers: Node[] = ctx.model.registrations
      .filter((r) => r.kind === "skeleton" && r.handler)
      .map((r) => r.handler!.node);
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (
          !(ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) ||
          memberName(callee) !== "get"
        )
          continue;
        if (!isCtxMember(ctx.model, file, callee.expression, "skeleton")) continue;
        if (skeletonHandlers.some((h) => isWithin(call, h))) continue;
        ctx.report(call, "ctx.skeleton.get(...) outside an ext.skeleton handler", {});
      }
    }
  },
);
