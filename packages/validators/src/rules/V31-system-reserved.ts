import { defineRule } from "../engine/rule.js";
import { extOpt, withValue } from "../engine/rule-helpers.js";

/** V31: system: true only when IMPERAL_AUTHOR_ID is listed in IMPERAL_FIRSTPARTY_AUTHOR_IDS. */
export default defineRule(
  {
    id: "V31",
    severity: "error",
    description:
      "system: true is reserved for first-party extensions: allowed only when IMPERAL_AUTHOR_ID is listed in IMPERAL_FIRSTPARTY_AUTHOR_IDS.",
    fix: "remove system: true (third-party extensions cannot be system extensions)",
  },
  (ctx) => {
    for (const inst of ctx.model.extensions) {
      withValue(ctx, extOpt(ctx, inst, "system"), "the system flag", (val, node) => {
        if (val !== true) return;
        const author = (ctx.env.IMPERAL_AUTHOR_ID ?? "").trim();
        const allowed = (ctx.env.IMPERAL_FIRSTPARTY_AUTHOR_IDS ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        if (author && allowed.includes(author)) return;
        ctx.report(
          node,
          author
            ? `system: true is reserved for first-party extensions; author "${author}" is not in IMPERAL_FIRSTPARTY_AUTHOR_IDS`
            : "system: true is reserved for first-party extensions (IMPERAL_AUTHOR_ID is not a first-party author)",
          {},
        );
      });
    }
  },
);
