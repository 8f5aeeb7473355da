import { defineRule } from "../engine/rule.js";
import { regOpt, regLabel, withValue } from "../engine/rule-helpers.js";

import { PANEL_SLOTS as SLOTS, REFRESH_PATTERN as REFRESH_RE } from "../patterns.js";
const PANEL_SLOTS: readonly string[] = SLOTS;

/** V30: panel slot literal in the allowed set (main was removed); refresh is manual or on_event:<names>. */
export default defineRule(
  {
    id: "V30",
    severity: "error",
    description:
      'Panel slot is a literal in {center, left, right, overlay, bottom, chat-sidebar}; refresh is "manual" or "on_event:<names>".',
    fix: 'use slot: "center" | "left" | "right" | "overlay" | "bottom" | "chat-sidebar" and refresh: "manual" or "on_event:a,b"',
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "panel") continue;
      withValue(ctx, regOpt(ctx, reg, "slot"), `the slot of ${regLabel(reg)}`, (val, node) => {
        if (val === "main")
          ctx.report(node, `slot "main" of ${regLabel(reg)} was removed`, { fix: 'use slot: "center"' });
        else if (typeof val !== "string" || !PANEL_SLOTS.includes(val))
          ctx.report(
            node,
            `slot ${JSON.stringify(val)} of ${regLabel(reg)} is not one of ${PANEL_SLOTS.join(", ")}`,
            {},
          );
      });
      withValue(ctx, regOpt(ctx, reg, "refresh"), `the refresh of ${regLabel(reg)}`, (val, node) => {
        if (typeof val !== "string" || !REFRESH_RE.test(val))
          ctx.report(
            node,
            `refresh ${JSON.stringify(val)} of ${regLabel(reg)} is neither "manual" nor "on_event:<names>"`,
            {
              fix: 'use refresh: "manual" or "on_event:notes.created,notes.deleted" (no spaces)',
            },
          );
      });
    }
  },
);
