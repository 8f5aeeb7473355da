import { ts } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { memberName, stripExpr } from "../engine/model.js";
import { isCtxMember } from "../engine/rule-helpers.js";

/** SKEL-GUARD-3: ctx.skeleton.update(...) / .set(...) anywhere (the kernel is the sole writer). */
export default defineRule(
  {
    id: "SKEL-GUARD-3",
    severity: "error",
    description:
      "ctx.skeleton.update(...) / ctx.skeleton.set(...) (removed: the kernel is the sole writer of skeleton snapshots).",
    fix: "return { response: {...} } from the ext.skeleton handler instead of writing the snapshot",
  },
  (ctx) => {
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (!(ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) continue;
        const m = memberName(callee);
        if (m !== "update" && m !== "set") continue;
        if (!isCtxMember(ctx.model, file, callee.expression, "skeleton")) continue;
        ctx.report(call, `ctx.skeleton.${m}(...) was removed: the kernel is the sole writer`, {});
      }
    }
  },
);
