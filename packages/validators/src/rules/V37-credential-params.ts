import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { stripExpr, type Registration } from "../engine/model.js";
import { regLabel, regOpt } from "../engine/rule-helpers.js";
import { isSensitiveKey } from "../patterns.js";

/** Words that name a credential the kernel's default sensitive-key pattern (SPEC 7.7) does not match. */
const CREDENTIAL_WORDS = new Set(["pin", "otp", "totp", "cvv", "cvc", "passphrase", "passcode"]);
/** `*_key` names that are ordinary data, not secrets. */
const DATA_KEYS = new Set([
  "sort",
  "group",
  "partition",
  "cache",
  "idempotency",
  "dedupe",
  "dedup",
  "primary",
  "foreign",
  "lookup",
  "order",
  "hash",
  "range",
  "public",
  "map",
  "i18n",
  "translation",
]);
/** Schema builders whose values cannot hold a secret (a flag or a fixed choice). */
const HARMLESS_BUILDERS = new Set(["boolean", "enum", "literal", "nativeEnum"]);
const MAX_DEPTH = 6;
const OBJECT_BUILDERS = /^(object|strictObject|looseObject)$/;

/**
 * V37: a param whose name suggests a credential (pin, otp, cvv, passphrase, *_key, ...) that the default pattern
 * misses is redacted only when `sensitive` lists it. The default pattern is the SDK's `isSensitiveKey`, so this
 * rule warns exactly where the kernel would show the value.
 */
export default defineRule(
  {
    id: "V37",
    severity: "warn",
    description:
      "A param of a chat function, tool or exposed method whose name suggests a credential the default sensitive " +
      "pattern misses (pin, otp, cvv, passphrase, *_key, ...) is listed in the registration's sensitive option.",
    fix: 'list the param in sensitive (e.g. sensitive: ["pin"]) so audit rows, confirmations and logs redact it',
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function" && reg.kind !== "tool" && reg.kind !== "expose") continue;
      const p = regOpt(ctx, reg, "params");
      if (p.kind !== "found") continue;
      const suspects: { path: string; node: Node }[] = [];
      collectParams(ctx, p.value, "", 0, suspects);
      if (suspects.length === 0) continue;
      const listed = sensitiveOf(ctx, reg);
      if (listed === undefined) continue;
      for (const s of suspects) {
        if (listed.some((l) => s.path === l || s.path.startsWith(`${l}.`))) continue;
        ctx.report(s.node, `param "${s.path}" of ${regLabel(reg)} looks like a credential but is not in sensitive`, {
          fix: `add sensitive: [${[...listed, s.path].map((x) => JSON.stringify(x)).join(", ")}] to ${regLabel(reg)}`,
        });
      }
    }
  },
);

/** True for a key that names a credential the default pattern does not already cover. */
export function looksLikeCredential(key: string): boolean {
  if (isSensitiveKey(key)) return false;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[_\-\s]+/)
    .filter(Boolean);
  if (words.some((w) => CREDENTIAL_WORDS.has(w))) return true;
  return words.length > 1 && words[words.length - 1] === "key" && !DATA_KEYS.has(words[words.length - 2]!);
}

/** The `sensitive` paths of a registration; undefined (after a cannot-verify warning) when not statically known. */
function sensitiveOf(ctx: RuleContext, reg: Registration): string[] | undefined {
  const s = regOpt(ctx, reg, "sensitive");
  if (s.kind === "missing") return [];
  const v = s.kind === "found" ? ctx.model.evaluate(s.value) : undefined;
  if (v?.known && Array.isArray(v.value)) return v.value.filter((x): x is string => typeof x === "string");
  ctx.cannotVerify(s.kind === "found" ? s.value : s.node, `the sensitive list of ${regLabel(reg)}`);
  return undefined;
}

/**
 * Suspicious keys of a zod object schema, with their dotted paths: the `z.object({...})` shape, keys added by
 * `.extend({...})`, and nested object schemas. Schemas the evaluator cannot follow are skipped (V17 and V18 own
 * their shape).
 */
function collectParams(
  ctx: RuleContext,
  expr: Node,
  prefix: string,
  depth: number,
  out: { path: string; node: Node }[],
): void {
  if (depth > MAX_DEPTH) return;
  const f = ctx.model.followValue(expr);
  let e = f ? stripExpr(f.expr) : stripExpr(expr);
  for (let i = 0; i < 32 && ts.isCallExpression(e); i++) {
    const callee = stripExpr(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const base = stripExpr(callee.expression);
    if (ts.isIdentifier(base) && ctx.model.isZodNamespace(base)) {
      if (OBJECT_BUILDERS.test(callee.name.text)) shapeKeys(ctx, e.arguments[0], prefix, depth, out);
      return;
    }
    // Base.extend({ pin: ... }) adds keys; .describe(), .strict() and the like keep them
    if (callee.name.text === "extend") shapeKeys(ctx, e.arguments[0], prefix, depth, out);
    e = base;
  }
  if (ts.isIdentifier(e) && e !== stripExpr(expr)) collectParams(ctx, e, prefix, depth + 1, out);
}

function shapeKeys(
  ctx: RuleContext,
  shape: Node | undefined,
  prefix: string,
  depth: number,
  out: { path: string; node: Node }[],
): void {
  const obj = shape ? ctx.model.resolveObject(shape) : undefined;
  if (!obj) return;
  for (const p of obj.node.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
    if (key === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
    const root = ctx.model.zodRootCall(ctx.model.followValue(value)?.expr ?? value);
    if (root && OBJECT_BUILDERS.test(root.builder)) {
      collectParams(ctx, value, path, depth + 1, out);
      continue;
    }
    if (root && HARMLESS_BUILDERS.has(root.builder)) continue;
    if (looksLikeCredential(key)) out.push({ path, node: p.name });
  }
}
