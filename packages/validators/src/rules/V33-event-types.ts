import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { stripExpr, type Instance } from "../engine/model.js";
import { alternatives, extOfCode } from "../engine/handler-scope.js";
import { appIdOf, isCtxMember, regOpt } from "../engine/rule-helpers.js";

/**
 * V33: event types are namespaced by the app id (`ext.emits`, `ctx.events.emit`), and a handler emits only types
 * the extension declares: with `ext.emits`, or as a chat function's `event`, which the kernel publishes as
 * `{app_id}.{event}` unless it already starts with `{app_id}.` (SPEC 7.4).
 */
export default defineRule(
  {
    id: "V33",
    severity: "error",
    description:
      "ext.emits(type) and ctx.events.emit(type, ...) use types that start with {app_id}.; ctx.events.emit only " +
      "publishes types declared with ext.emits (or as a chat function's event).",
    fix: 'declare the type with ext.emits("<app_id>.<name>") and emit exactly that type',
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "emits" || !reg.nameArg) continue;
      if (reg.name === undefined) {
        ctx.cannotVerify(reg.nameArg, "the event type ext.emits declares");
        continue;
      }
      checkPrefix(ctx, reg.ext, reg.name, reg.nameArg, "ext.emits");
    }
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "emit") continue;
        if (!isCtxMember(ctx.model, file, callee.expression, "events")) continue;
        const arg = call.arguments[0];
        if (!arg) continue;
        const alt = alternatives(ctx.model, arg);
        if (!alt.known) {
          ctx.cannotVerify(alt.node, "the event type ctx.events.emit publishes");
          continue;
        }
        const ext = extOfCode(ctx.model, call);
        for (const { value, node } of alt.values) {
          if (!checkPrefix(ctx, ext, value, node, "ctx.events.emit")) continue;
          checkDeclared(ctx, ext, value as string, node);
        }
      }
    }
  },
);

/** Reports a type outside the app's namespace; true when the type is a string in it (so the caller goes on). */
function checkPrefix(ctx: RuleContext, ext: Instance | undefined, type: unknown, node: Node, where: string): boolean {
  if (typeof type !== "string") {
    ctx.report(node, `${where} type ${JSON.stringify(type)} is not a string`, {
      fix: 'use a dotted event type, e.g. "notes.synced"',
    });
    return false;
  }
  const appId = appIdOf(ctx, ext);
  if (appId === undefined) {
    ctx.cannotVerify(node, `whether the ${where} type "${type}" starts with the app id (the app id is not known)`);
    return false;
  }
  if (type.startsWith(`${appId}.`)) return true;
  ctx.report(node, `${where} type "${type}" does not start with "${appId}."`, {
    fix: `use "${appId}.${type}" (event types are namespaced by the app id)`,
  });
  return false;
}

/** The event types an extension may emit, and whether some declaration is not statically known. */
function declaredTypes(
  ctx: RuleContext,
  ext: Instance | undefined,
  appId: string,
): { types: Set<string>; incomplete: boolean } {
  const types = new Set<string>();
  let incomplete = ctx.model.unfollowed.some((u) => u.scope === "call");
  for (const reg of ctx.model.registrations) {
    if (reg.ext !== ext) continue;
    if (reg.kind === "emits") {
      if (reg.name === undefined) incomplete = true;
      else types.add(reg.name);
    } else if (reg.kind === "function") {
      const p = regOpt(ctx, reg, "event");
      if (p.kind === "missing") continue;
      const v = p.kind === "found" ? ctx.model.evaluate(p.value) : undefined;
      if (!v?.known) incomplete = true;
      else if (typeof v.value === "string")
        types.add(v.value.startsWith(`${appId}.`) ? v.value : `${appId}.${v.value}`);
    }
  }
  return { types, incomplete };
}

function checkDeclared(ctx: RuleContext, ext: Instance | undefined, type: string, node: Node): void {
  const appId = appIdOf(ctx, ext)!;
  const { types, incomplete } = declaredTypes(ctx, ext, appId);
  if (types.has(type)) return;
  if (incomplete) {
    ctx.cannotVerify(node, `whether "${type}" is declared (some event declarations are not statically known)`);
    return;
  }
  ctx.report(node, `ctx.events.emit("${type}"): the type is not declared with ext.emits`, {
    fix: `declare it at module scope: ext.emits("${type}", { description: "..." })`,
  });
}
