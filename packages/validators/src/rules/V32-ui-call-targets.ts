import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { isSdkUi, stripExpr, type Instance } from "../engine/model.js";
import { alternatives, extOfCode } from "../engine/handler-scope.js";
import { callableName } from "../engine/rule-helpers.js";
import { panelIdOf, panelTool } from "../patterns.js";

const CALLABLE_KINDS = new Set(["function", "tool", "skeleton", "panel"]);

/**
 * V32: `ui.call("<fn>")` / `ui.call("__panel__<id>")` names something the extension registers. The names come from
 * the same builders the SDK uses (`panelTool`, `skeletonRefreshTool` through callableName); a name that reaches
 * ui.call through a helper's parameter is checked at every call site of the helper.
 */
export default defineRule(
  {
    id: "V32",
    severity: "error",
    description:
      'ui.call("<fn>") / ui.call("__panel__<id>") names a chat function, tool, skeleton refresh tool or panel the ' +
      "extension registers (followed through consts and helper parameters); a name that is not statically known is " +
      "a cannot-verify warning.",
    fix: "call a name the extension registers (chat.function / ext.tool / ext.panel), or register the missing one",
  },
  (ctx) => {
    for (const file of ctx.model.files) {
      for (const call of file.calls) {
        const callee = stripExpr(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "call") continue;
        if (!isSdkUi(file, callee.expression)) continue;
        const arg = call.arguments[0];
        if (!arg) continue;
        const alt = alternatives(ctx.model, arg);
        if (!alt.known) {
          ctx.cannotVerify(alt.node, "the function ui.call names");
          continue;
        }
        const ext = extOfCode(ctx.model, call);
        for (const { value, node } of alt.values) checkName(ctx, ext, value, node);
      }
    }
  },
);

interface Surface {
  names: Set<string>;
  panels: string[];
  /** some registration's name is not statically known, or a registration could not be followed */
  incomplete: boolean;
}

const surfaces = new WeakMap<object, Map<Instance | undefined, Surface>>();

/** What `ui.call` can reach in an extension (every extension's when the owner is ambiguous). */
function surfaceOf(ctx: RuleContext, ext: Instance | undefined): Surface {
  let perModel = surfaces.get(ctx.model);
  if (!perModel) surfaces.set(ctx.model, (perModel = new Map()));
  let s = perModel.get(ext);
  if (s) return s;
  s = { names: new Set(), panels: [], incomplete: ctx.model.unfollowed.some((u) => u.scope === "call") };
  for (const r of ctx.model.registrations) {
    if (!CALLABLE_KINDS.has(r.kind) || (ext && r.ext !== ext)) continue;
    const name = callableName(r);
    if (name === undefined) s.incomplete = true;
    else s.names.add(name);
    if (r.kind === "panel" && r.name !== undefined) s.panels.push(r.name);
  }
  perModel.set(ext, s);
  return s;
}

function checkName(ctx: RuleContext, ext: Instance | undefined, value: unknown, node: Node): void {
  if (typeof value !== "string") {
    ctx.report(node, `ui.call names ${JSON.stringify(value)}, which is not a function name`, {
      fix: 'pass the name of a function, tool or panel as a string, e.g. ui.call("create_note")',
    });
    return;
  }
  const s = surfaceOf(ctx, ext);
  if (s.names.has(value)) return;
  const panel = panelIdOf(value);
  const what =
    panel !== undefined ? `no panel "${panel}" is registered` : `no function, tool or panel "${value}" is registered`;
  if (s.incomplete) {
    ctx.cannotVerify(
      node,
      `the ui.call target "${value}" (${what}, but some registrations have names that are not statically known)`,
    );
    return;
  }
  const pool = panel !== undefined ? s.panels : [...s.names].filter((n) => panelIdOf(n) === undefined);
  const near = closest(panel ?? value, pool);
  const hint = near !== undefined ? `did you mean "${panel !== undefined ? panelTool(near) : near}"?` : undefined;
  ctx.report(node, `ui.call("${value}"): ${what}`, {
    fix: hint
      ? `${hint} (or register "${value}")`
      : panel !== undefined
        ? `register it with ext.panel("${panel}", ...) or call one of the extension's panels`
        : `register it with chat.function("${value}", ...) or ext.tool("${value}", ...)`,
  });
}

/** The candidate within edit distance 3 of `name` (at most a third of its length), if any. */
function closest(name: string, pool: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  for (const c of pool) {
    const d = distance(name, c);
    if (d <= bestD && (best === undefined || d < bestD)) [best, bestD] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
