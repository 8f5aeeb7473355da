import { defineRule } from "../engine/rule.js";
import { regNode, regOpt, regLabel, withValue } from "../engine/rule-helpers.js";

import { ACTION_TYPES as AT } from "../patterns.js";
const ACTION_TYPES: readonly string[] = AT;

/** V20: actionType is present and a literal in {read, write, destructive}. */
export default defineRule(
  {
    id: "V20",
    severity: "error",
    description: "Every chat function declares actionType as a literal in {read, write, destructive}.",
    fix: 'add actionType: "read" | "write" | "destructive"',
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function") continue;
      withValue(
        ctx,
        regOpt(ctx, reg, "actionType"),
        `the actionType of ${regLabel(reg)}`,
        (val, node) => {
          if (typeof val !== "string" || !ACTION_TYPES.includes(val))
            ctx.report(
              node,
              `actionType ${JSON.stringify(val)} of ${regLabel(reg)} is not one of read, write, destructive`,
              {},
            );
        },
        () => ctx.report(regNode(reg), `${regLabel(reg)} has no actionType`, {}),
      );
    }
  },
);
