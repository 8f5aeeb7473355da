/**
 * Constant evaluation: the static value of an expression (literals, const bindings across files, `+`, template
 * literals of known parts, array spreads, `[...].join()`, `.trim()`, enum members) and property lookup in option
 * objects (through spreads and conditional spreads). A value that depends on run time is reported as unknown so
 * rules can say "cannot verify" instead of passing silently.
 */
import { ts, type Node, type Expression, type ObjectLiteralExpression } from "./tsapi.js";
import { stripExpr } from "./syntax.js";
import { ModuleResolver } from "./module-resolution.js";
import type { SourceInfo } from "./source-index.js";

export interface ObjRef {
  file: SourceInfo;
  node: ObjectLiteralExpression;
}

export type PropLookup =
  | { kind: "found"; file: SourceInfo; prop: Node; value: Expression; nameNode: Node }
  | { kind: "missing" }
  | { kind: "unknown"; node: Node };

export type StaticValue = { known: true; value: unknown } | { known: false; node: Node };

/** Module resolution plus the static values of expressions and option objects. */
export class ConstantEvaluator extends ModuleResolver {
  /** The value `expr` has whenever the module runs, or `known: false` with the node that depends on run time. */
  evaluate(expr: Node | undefined, depth = 0): StaticValue {
    if (!expr) return { known: true, value: undefined };
    const e = stripExpr(expr);
    if (depth > 12) return { known: false, node: e };
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { known: true, value: e.text };
    if (ts.isNumericLiteral(e)) return { known: true, value: Number(e.text.replace(/_/g, "")) };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { known: true, value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { known: true, value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { known: true, value: null };
    if (ts.isIdentifier(e) && e.text === "undefined") return { known: true, value: undefined };
    if (
      ts.isPrefixUnaryExpression(e) &&
      (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)
    ) {
      const v = this.evaluate(e.operand, depth + 1);
      if (v.known && typeof v.value === "number")
        return { known: true, value: e.operator === ts.SyntaxKind.MinusToken ? -v.value : v.value };
      return { known: false, node: e };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = this.evaluate(e.left, depth + 1);
      const r = this.evaluate(e.right, depth + 1);
      if (l.known && r.known && (typeof l.value === "string" || typeof r.value === "string"))
        return { known: true, value: String(l.value) + String(r.value) };
      if (l.known && r.known && typeof l.value === "number" && typeof r.value === "number")
        return { known: true, value: l.value + r.value };
      return { known: false, node: e };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
      const l = this.evaluate(e.left, depth + 1);
      const r = this.evaluate(e.right, depth + 1);
      if (l.known && r.known && typeof l.value === "number" && typeof r.value === "number")
        return { known: true, value: l.value * r.value };
      return { known: false, node: e };
    }
    if (ts.isTemplateExpression(e)) {
      let s = e.head.text;
      for (const span of e.templateSpans) {
        const v = this.evaluate(span.expression, depth + 1);
        if (!v.known) return { known: false, node: e };
        s += String(v.value) + span.literal.text;
      }
      return { known: true, value: s };
    }
    if (ts.isArrayLiteralExpression(e)) {
      const out: unknown[] = [];
      for (const el of e.elements) {
        if (ts.isSpreadElement(el)) {
          // [...BASE_CAPS, "x:write"] with a known array
          const sv = this.evaluate(el.expression, depth + 1);
          if (!sv.known || !Array.isArray(sv.value)) return { known: false, node: e };
          out.push(...(sv.value as unknown[]));
          continue;
        }
        const v = this.evaluate(el, depth + 1);
        if (!v.known) return { known: false, node: e };
        out.push(v.value);
      }
      return { known: true, value: out };
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(stripExpr(e.expression))) {
      // ["Create a note.", "Use it when ..."].join(" ") and "  text ".trim(): common ways to write long descriptions
      const callee = stripExpr(e.expression) as import("ts-morph").ts.PropertyAccessExpression;
      const m = callee.name.text;
      if (m === "join" || m === "trim") {
        const base = this.evaluate(callee.expression, depth + 1);
        const arg = e.arguments[0]
          ? this.evaluate(e.arguments[0], depth + 1)
          : { known: true as const, value: undefined };
        if (base.known && arg.known) {
          if (m === "join" && Array.isArray(base.value) && (arg.value === undefined || typeof arg.value === "string"))
            return {
              known: true,
              value: base.value.map((x) => (x === null || x === undefined ? "" : String(x))).join(arg.value ?? ","),
            };
          if (m === "trim" && typeof base.value === "string" && e.arguments.length === 0)
            return { known: true, value: base.value.trim() };
        }
      }
      return { known: false, node: e };
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const f = this.followValue(e, depth + 1);
      if (f && f.expr !== e) return this.evaluate(f.expr, depth + 1);
      if (ts.isPropertyAccessExpression(e)) {
        // CONFIG.slot where `const CONFIG = { slot: "left" }`, or Enum.Member
        const obj = this.resolveObject(e.expression);
        if (obj) {
          const p = this.getProp(obj, e.name.text);
          if (p.kind === "found") return this.evaluate(p.value, depth + 1);
          return { known: false, node: e };
        }
        const base = stripExpr(e.expression);
        const r = ts.isIdentifier(base) ? this.resolveIdentifier(base) : undefined;
        if (r?.kind === "decl" && ts.isEnumDeclaration(r.decl)) {
          const m = r.decl.members.find(
            (mm) => (ts.isIdentifier(mm.name) || ts.isStringLiteral(mm.name)) && mm.name.text === e.name.text,
          );
          if (m?.initializer) return this.evaluate(m.initializer, depth + 1);
        }
      }
      return { known: false, node: e };
    }
    return { known: false, node: e };
  }

  /** Resolve an expression to an object literal (following const bindings). */
  resolveObject(expr: Node | undefined): ObjRef | undefined {
    if (!expr) return undefined;
    const f = this.followValue(expr);
    if (f && ts.isObjectLiteralExpression(f.expr)) return { file: f.file, node: f.expr };
    return undefined;
  }

  /** Look a property up in an object literal; spreads we cannot resolve make the result `unknown`. */
  getProp(obj: ObjRef, name: string, depth = 0): PropLookup {
    const props = obj.node.properties;
    for (let i = props.length - 1; i >= 0; i--) {
      const p = props[i]!;
      if (ts.isSpreadAssignment(p)) {
        const inner = depth < 8 ? this.resolveObject(p.expression) : undefined;
        if (!inner) {
          const alt = depth < 8 ? this.getPropAlternatives(p.expression, name, depth + 1) : undefined;
          if (alt === undefined) return { kind: "unknown", node: p };
          if (alt.kind !== "missing") return alt.kind === "unknown" ? { kind: "unknown", node: p } : alt;
          continue;
        }
        const r = this.getProp(inner, name, depth + 1);
        if (r.kind !== "missing") return r;
        continue;
      }
      const pn = p.name;
      if (!pn) continue;
      let key: string | undefined;
      if (
        ts.isIdentifier(pn) ||
        ts.isStringLiteral(pn) ||
        ts.isNumericLiteral(pn) ||
        ts.isNoSubstitutionTemplateLiteral(pn)
      )
        key = pn.text;
      else if (ts.isComputedPropertyName(pn)) {
        const v = this.evaluate(pn.expression);
        if (!v.known) return { kind: "unknown", node: p };
        key = String(v.value);
      }
      if (key !== name) continue;
      if (ts.isPropertyAssignment(p))
        return { kind: "found", file: obj.file, prop: p, value: p.initializer, nameNode: pn };
      if (ts.isShorthandPropertyAssignment(p))
        return { kind: "found", file: obj.file, prop: p, value: p.name, nameNode: pn };
      return { kind: "unknown", node: p };
    }
    return { kind: "missing" };
  }

  /**
   * `...(cond ? { a } : { b })` / `...(x ?? { ... })`: look the property up in every object branch. Missing in all
   * branches is missing; found in all with the same static value is that value; anything else is unknown.
   * Returns undefined when the spread is not such an expression.
   */
  private getPropAlternatives(expr: Node, name: string, depth: number): PropLookup | undefined {
    const f = this.followValue(expr);
    const e = f ? stripExpr(f.expr) : stripExpr(expr);
    let branches: Node[];
    if (ts.isConditionalExpression(e)) branches = [e.whenTrue, e.whenFalse];
    else if (
      ts.isBinaryExpression(e) &&
      [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)
    )
      branches = [e.left, e.right];
    else return undefined;
    const results: PropLookup[] = [];
    for (const b of branches) {
      const obj = this.resolveObject(b);
      if (obj) results.push(this.getProp(obj, name, depth));
      else {
        const inner = this.getPropAlternatives(b, name, depth + 1);
        if (!inner) return { kind: "unknown", node: b };
        results.push(inner);
      }
    }
    if (results.every((r) => r.kind === "missing")) return { kind: "missing" };
    if (results.every((r) => r.kind === "found")) {
      const vals = results.map((r) =>
        r.kind === "found" ? this.evaluate(r.value) : { known: false as const, node: e },
      );
      const first = vals[0]!;
      if (first.known && vals.every((v) => v.known && JSON.stringify(v.value) === JSON.stringify(first.value)))
        return results[0];
    }
    return { kind: "unknown", node: e };
  }
}
