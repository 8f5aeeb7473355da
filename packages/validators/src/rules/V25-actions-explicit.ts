import { defineRule } from "../engine/rule.js";
import { extOpt, regOpt, regLabel, withValue } from "../engine/rule-helpers.js";

/** V25: actionsExplicit is not false; write/destructive functions do not set chainCallable: false. */
export default defineRule(
  {
    id: "V25",
    severity: "error",
    description:
      "actionsExplicit is not false, and a write/destructive chat function does not set chainCallable: false.",
    fix: "remove actionsExplicit: false / chainCallable: false (both default to true)",
  },
  (ctx) => {
    for (const inst of ctx.model.extensions) {
      withValue(ctx, extOpt(ctx, inst, "actionsExplicit"), "actionsExplicit", (val, node) => {
        if (val === false)
          ctx.report(node, "actionsExplicit: false is not allowed", {
            fix: "remove actionsExplicit: false (it defaults to true)",
          });
        else if (val !== true && val !== undefined)
          ctx.report(node, `actionsExplicit must be a boolean, got ${JSON.stringify(val)}`, {
            fix: "remove the option or set it to true",
          });
      });
    }
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function") continue;
      const at = regOpt(ctx, reg, "actionType");
      if (at.kind !== "found") continue;
      const v = ctx.model.evaluate(at.value);
      if (!v.known || (v.value !== "write" && v.value !== "destructive")) continue;
      withValue(ctx, regOpt(ctx, reg, "chainCallable"), `chainCallable of ${regLabel(reg)}`, (val, node) => {
        if (val === false)
          ctx.report(node, `${v.value} ${regLabel(reg)} sets chainCallable: false`, {
            fix: "remove chainCallable: false — write/destructive functions must stay chain-callable",
          });
      });
    }
  },
);
