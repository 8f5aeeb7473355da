import { ts } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { stripExpr } from "../engine/model.js";
import { alternatives, extOfCode } from "../engine/handler-scope.js";
import { appIdOf, isCtxMember, regLabel, regNode, regOpt, withValue } from "../engine/rule-helpers.js";

/** Action types another extension may call (SPEC 7.6): destructive actions stay behind the owner's confirmation. */
const EXPOSABLE = ["read", "write"];

/**
 * V35: calls between extensions (SPEC 7.6). An exposed method is `read` or `write`, never `destructive`, and an
 * extension calls its own functions directly, not through `ctx.extensions.call` to its own app id (the kernel
 * would see the app on its own call stack: CircularCallError).
 */
export default defineRule(
  {
    id: "V35",
    severity: "error",
    description:
      'ext.expose declares actionType "read" or "write" ("destructive" is not allowed across extensions); ' +
      "ctx.extensions.call does not target the extension's own app id.",
    fix: "expose only read or write methods; call the extension's own code directly, not through ctx.extensions.call",
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "expose") continue;
      withValue(
        ctx,
        regOpt(ctx, reg, "actionType"),
        `the actionType of exposed ${regLabel(reg)}`,
        (val, node) => {
          if (val === "destructive")
            ctx.report(
              node,
              `exposed ${regLabel(reg)} is destructive: destructive methods are not exposed across extensions`,
              {
                fix: "expose a read or write method; keep the destructive action a chat function behind its own confirmation",
              },
            );
          else if (typeof val !== "string" || !EXPOSABLE.includes(val))
            ctx.report(node, `exposed ${regLabel(reg)} has actionType ${JSON.stringify(val)}, not "read" or "write"`, {
              fix: 'use actionType: "read" or "write"',
            });
        },
        () =>
          ctx.report(regNode(reg), `exposed ${regLabel(reg)} declares no actionType`, {
            fix: 'add actionType: "read" or "write"',
          }),
      );
    }
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "call") continue;
        if (!isCtxMember(ctx.model, file, callee.expression, "extensions")) continue;
        const arg = call.arguments[0];
        if (!arg) continue;
        const ext = extOfCode(ctx.model, call);
        // sources holding several extensions, used by more than one of them: any target may be another's
        if (!ext) continue;
        const own = appIdOf(ctx, ext);
        if (own === undefined) {
          ctx.cannotVerify(arg, "whether ctx.extensions.call targets this extension (its app id is not known)");
          continue;
        }
        const alt = alternatives(ctx.model, arg);
        if (!alt.known) {
          ctx.cannotVerify(alt.node, "the app id ctx.extensions.call targets");
          continue;
        }
        for (const { value, node } of alt.values) {
          if (value !== own) continue;
          ctx.report(node, `ctx.extensions.call("${own}", ...) calls this extension itself`, {
            fix: "call the shared function directly (or move it into a module both handlers import)",
          });
        }
      }
    }
  },
);
