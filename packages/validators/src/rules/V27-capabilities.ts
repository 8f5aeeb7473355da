import { ts } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { extOpt } from "../engine/rule-helpers.js";
import { stripExpr } from "../engine/model.js";

/** V27: capabilities is non-empty; a bare "*" grant in a non-system extension. */
export default defineRule(
  {
    id: "V27",
    severity: "warn",
    description: 'capabilities is non-empty; a bare "*" grant in a non-system extension is flagged.',
    fix: 'declare the scopes the extension needs, e.g. capabilities: ["notes:read", "notes:write"]',
  },
  (ctx) => {
    for (const inst of ctx.model.extensions) {
      const caps = extOpt(ctx, inst, "capabilities");
      if (caps.kind === "missing") {
        ctx.report(inst.node, "Extension declares no capabilities: the kernel falls back to a wildcard grant", {});
        continue;
      }
      if (caps.kind === "unknown") {
        ctx.cannotVerify(caps.node, "the capabilities");
        continue;
      }
      const v = ctx.model.evaluate(caps.value);
      if (!v.known || !Array.isArray(v.value)) {
        ctx.cannotVerify(caps.value, "the capabilities");
        continue;
      }
      if (v.value.length === 0) {
        ctx.report(caps.value, "capabilities is empty: the kernel falls back to a wildcard grant", {});
        continue;
      }
      if (!v.value.includes("*")) continue;
      const sys = extOpt(ctx, inst, "system");
      if (sys.kind === "found") {
        const s = ctx.model.evaluate(sys.value);
        if (s.known && s.value === true) continue;
      }
      const arr = stripExpr(caps.value);
      let at: import("../engine/tsapi.js").Node = caps.value;
      if (ts.isArrayLiteralExpression(arr)) {
        const el = arr.elements.find((e) => {
          const x = ctx.model.evaluate(e);
          return x.known && x.value === "*";
        });
        if (el) at = el;
      }
      ctx.report(at, 'capability "*" grants every scope to a non-system extension', {
        fix: 'list the scopes the extension needs instead of "*"',
      });
    }
  },
);
