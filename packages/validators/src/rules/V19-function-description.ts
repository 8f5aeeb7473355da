import { defineRule } from "../engine/rule.js";
import { regNode, regOpt, regLabel, withValue, isPlaceholder } from "../engine/rule-helpers.js";

/** V19: every chat function description is a literal >= 10 characters and not boilerplate. */
export default defineRule(
  {
    id: "V19",
    severity: "error",
    description:
      "Every chat function description is a literal of at least 10 characters after trim and is not boilerplate " +
      '(TODO, "description", the function name, punctuation only, ...).',
    fix: "describe what the function does and when to use it, in at least 10 characters",
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function") continue;
      withValue(
        ctx,
        regOpt(ctx, reg, "description"),
        `the description of ${regLabel(reg)}`,
        (val, node) => {
          if (typeof val !== "string") {
            ctx.report(node, `description of ${regLabel(reg)} is not a string`, {
              fix: "use a string literal description",
            });
            return;
          }
          const s = val.trim();
          const norm = (x: string) =>
            x
              .toLowerCase()
              .replace(/[_\s-]+/g, " ")
              .trim();
          if (s.length === 0 || /^[\p{P}\p{S}\s]*$/u.test(s))
            ctx.report(node, `description of ${regLabel(reg)} is empty or punctuation only`, {});
          else if (reg.name !== undefined && norm(s.replace(/[.!]+$/, "")) === norm(reg.name))
            ctx.report(node, `description of ${regLabel(reg)} just repeats the function name`, {});
          else if (isPlaceholder(s))
            ctx.report(
              node,
              `description of ${regLabel(reg)} is boilerplate ("${s.length > 40 ? s.slice(0, 40) + "..." : s}")`,
              {},
            );
          else if (s.length < 10)
            ctx.report(node, `description of ${regLabel(reg)} is ${s.length} characters (minimum 10)`, {});
        },
        () =>
          ctx.report(regNode(reg), `${regLabel(reg)} has no description`, {
            fix: 'add description: "What it does and when to use it."',
          }),
      );
    }
  },
);
