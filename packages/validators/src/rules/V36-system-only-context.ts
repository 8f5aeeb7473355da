import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { memberName, stripExpr, type Registration } from "../engine/model.js";
import { runsIn } from "../engine/handler-scope.js";
import { isCtxExpr, isCtxMember, regLabel } from "../engine/rule-helpers.js";

/** Handlers that run with a SystemContext (SPEC 7.3, 7.5): the only places the cross-user members exist. */
const SYSTEM_KINDS = new Set(["schedule", "webhook"]);
const STORE_MEMBERS = new Set(["listUsers", "queryAll"]);

/**
 * V36: `ctx.store.listUsers`, `ctx.store.queryAll` and `ctx.asUser` exist only on the SystemContext of schedule and
 * webhook handlers; anywhere else they throw SystemOnly at run time. Code in a helper is checked in every handler
 * that calls it (through its call sites); a helper nobody in the sources calls is not judged.
 */
export default defineRule(
  {
    id: "V36",
    severity: "error",
    description:
      "ctx.store.listUsers, ctx.store.queryAll and ctx.asUser are used only in schedule or webhook handlers (not in a " +
      "chat function, tool, panel, skeleton, lifecycle hook, event subscriber or exposed method), helpers they call " +
      "included.",
    fix: "move the cross-user work into an ext.schedule or ext.webhook handler; other handlers act for one user only",
  },
  (ctx) => {
    for (const file of ctx.model.files) {
      for (const n of file.memberAccesses) {
        const name = memberName(n);
        if (name === undefined) continue;
        const base = (n as import("ts-morph").ts.PropertyAccessExpression).expression;
        const hit =
          (STORE_MEMBERS.has(name) && isCtxMember(ctx.model, file, base, "store")) ||
          (name === "asUser" && isCtxExpr(ctx.model, file, base));
        if (hit) check(ctx, n, name === "asUser" ? "ctx.asUser" : `ctx.store.${name}`);
      }
      for (const call of file.calls) {
        // `const { asUser } = ctx; asUser(id)` / `async ({ asUser }) => ...`
        const callee = stripExpr(call.expression);
        if (ts.isIdentifier(callee) && callee.text === "asUser" && isCtxMember(ctx.model, file, callee, "asUser"))
          check(ctx, callee, "ctx.asUser");
      }
    }
  },
);

function check(ctx: RuleContext, at: Node, what: string): void {
  const where = runsIn(ctx.model, at);
  const bad = where.regs.filter((r) => !SYSTEM_KINDS.has(r.kind));
  if (bad.length === 0) return;
  const first = bad[0]!;
  const label = first.kind === "lifecycle" ? `lifecycle hook ${first.method}` : labelOf(first);
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more handler${bad.length > 2 ? "s" : ""})` : "";
  ctx.report(at, `${what} is only available in schedule and webhook handlers, but runs in ${label}${more}`, {});
}

function labelOf(r: Registration): string {
  if (r.kind === "event") return `event subscriber ${r.name !== undefined ? `"${r.name}"` : "(computed pattern)"}`;
  if (r.kind === "expose") return `exposed method ${r.name !== undefined ? `"${r.name}"` : "(computed name)"}`;
  return regLabel(r);
}
