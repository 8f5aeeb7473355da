import { ts, type Node } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { memberName, stripExpr } from "../engine/model.js";
import { isCtxMember } from "../engine/rule-helpers.js";

import { CACHE_KEY_PATTERN as CACHE_KEY_RE } from "../patterns.js";
const KEY_CHARS = /^[A-Za-z0-9_:-]*$/;
const METHODS: Record<string, number | undefined> = { get: undefined, set: 2, delete: undefined, getOrFetch: 2 };

/**
 * V29: ctx.cache *literal* ttlSeconds within 5..300 and *literal* keys matching ^[A-Za-z0-9_:-]{1,128}$ (SPEC
 * wording). Values are followed through consts; template-literal keys are checked on their static text
 * (substitutions are runtime ids such as the user id). Keys and ttls computed at run time are outside this
 * rule (the SDK's cache client enforces both at run time), so they produce no finding.
 */
export default defineRule(
  {
    id: "V29",
    severity: "error",
    description: "ctx.cache: a literal ttlSeconds is within 5..300 and a literal key matches ^[A-Za-z0-9_:-]{1,128}$.",
    fix: "use ttlSeconds between 5 and 300 and keys of letters, digits, _ : - (at most 128 characters)",
  },
  (ctx) => {
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) continue;
        const method = memberName(callee);
        if (method === undefined || !(method in METHODS)) continue;
        if (!isCtxMember(ctx.model, file, callee.expression, "cache")) continue;
        const keyArg = call.arguments[0];
        if (keyArg) checkKey(ctx, keyArg);
        const optIdx = METHODS[method];
        if (optIdx === undefined) continue;
        const opts = call.arguments[optIdx];
        if (!opts) continue;
        const obj = ctx.model.resolveObject(opts);
        if (!obj) continue;
        const p = ctx.model.getProp(obj, "ttlSeconds");
        if (p.kind !== "found") continue;
        const v = ctx.model.evaluate(p.value);
        if (!v.known) continue;
        if (typeof v.value !== "number" || !(v.value >= 5 && v.value <= 300))
          ctx.report(p.value, `ctx.cache ttlSeconds ${JSON.stringify(v.value)} is outside 5..300`, {
            fix: "use a ttlSeconds between 5 and 300 (default 60)",
          });
      }
    }
  },
);

function checkKey(ctx: import("../engine/rule.js").RuleContext, keyArg: Node): void {
  let k = stripExpr(keyArg);
  if (ts.isIdentifier(k)) {
    const f = ctx.model.followValue(k);
    if (f && ts.isTemplateExpression(stripExpr(f.expr))) k = stripExpr(f.expr);
  }
  if (ts.isTemplateExpression(k)) {
    const v = ctx.model.evaluate(k);
    if (v.known) return checkLiteral(ctx, k, v.value);
    // static text = the literal parts plus substitutions that are known constants (`${NS}:${id}` with a const NS)
    const parts = [k.head.text];
    for (const span of k.templateSpans) {
      const sv = ctx.model.evaluate(span.expression);
      if (sv.known && (typeof sv.value === "string" || typeof sv.value === "number")) parts.push(String(sv.value));
      parts.push(span.literal.text);
    }
    const bad = parts.find((p) => !KEY_CHARS.test(p));
    if (bad !== undefined)
      ctx.report(k, `ctx.cache key template has characters outside [A-Za-z0-9_:-] ("${bad}")`, {
        fix: "build keys from letters, digits, _ : and -",
      });
    else if (parts.join("").length > 128)
      ctx.report(k, "ctx.cache key template is longer than 128 characters", { fix: "use shorter keys" });
    return;
  }
  const v = ctx.model.evaluate(k);
  if (!v.known) return; // computed at run time: enforced by the SDK's cache client
  checkLiteral(ctx, keyArg, v.value);
}

function checkLiteral(ctx: import("../engine/rule.js").RuleContext, node: Node, value: unknown): void {
  if (typeof value !== "string" || !CACHE_KEY_RE.test(value))
    ctx.report(node, `ctx.cache key ${JSON.stringify(value)} does not match ^[A-Za-z0-9_:-]{1,128}$`, {
      fix: 'use letters, digits, _ : and -, e.g. "inbox:page:1"',
    });
}
