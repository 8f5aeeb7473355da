import { defineRule } from "../engine/rule.js";
import { regNode, regOpt, regLabel } from "../engine/rule-helpers.js";

/** V23: every `read` chat function declares dataModel (unless uiBuilder: true). */
export default defineRule(
  {
    id: "V23",
    severity: "error",
    description:
      "Every read chat function declares dataModel (the schema of ActionResult.data), unless it sets uiBuilder: true.",
    fix: "add dataModel: z.object({ ... }) describing the data the function returns",
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function") continue;
      const at = regOpt(ctx, reg, "actionType");
      if (at.kind !== "found") continue;
      const v = ctx.model.evaluate(at.value);
      if (!v.known || v.value !== "read") continue; // V20 reports missing/unknown action types
      const dm = regOpt(ctx, reg, "dataModel");
      if (dm.kind === "found") continue;
      if (dm.kind === "unknown") {
        ctx.cannotVerify(dm.node, `whether ${regLabel(reg)} declares dataModel`);
        continue;
      }
      const ub = regOpt(ctx, reg, "uiBuilder");
      if (ub.kind === "unknown") {
        ctx.cannotVerify(ub.node, `whether ${regLabel(reg)} is a uiBuilder`);
        continue;
      }
      if (ub.kind === "found") {
        const u = ctx.model.evaluate(ub.value);
        if (!u.known) {
          ctx.cannotVerify(ub.value, `whether ${regLabel(reg)} is a uiBuilder`);
          continue;
        }
        if (u.value === true) continue;
      }
      ctx.report(regNode(reg), `read ${regLabel(reg)} declares no dataModel`, {});
    }
  },
);
