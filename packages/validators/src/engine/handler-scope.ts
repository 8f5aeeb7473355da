/**
 * Which registrations' handlers a piece of code runs in, and the static values an argument can take. Both follow
 * helpers: code in a module-level helper runs in every handler that calls it (found through its call sites), and a
 * helper's parameter takes the values its call sites pass. Bounded, syntactic, never executes anything.
 */
import { ts, type Node } from "./tsapi.js";
import {
  findLexicalDeclaration,
  isFunctionLike,
  stripExpr,
  type Instance,
  type Model,
  type Registration,
} from "./model.js";

const MAX_HOPS = 4;
const handlerIndex = new WeakMap<Model, Map<Node, Registration[]>>();

/** Handler node -> the registrations it serves (one function may serve several). */
function handlerMap(model: Model): Map<Node, Registration[]> {
  let m = handlerIndex.get(model);
  if (!m) {
    m = new Map();
    for (const r of model.registrations) {
      if (!r.handler) continue;
      const list = m.get(r.handler.node) ?? [];
      list.push(r);
      m.set(r.handler.node, list);
    }
    handlerIndex.set(model, m);
  }
  return m;
}

/** Where code runs: the registrations whose handlers reach it, and whether some caller could not be followed. */
export interface RunsIn {
  regs: Registration[];
  /** the code sits in a function whose callers (all or some) are not known: it may run elsewhere too */
  open: boolean;
}

/**
 * The registrations whose handler runs `node`: the handler that lexically encloses it (closures included), else,
 * for code in a helper, the handlers enclosing the helper's call sites (up to MAX_HOPS helpers deep).
 */
export function runsIn(model: Model, node: Node): RunsIn {
  const out: RunsIn = { regs: [], open: false };
  collect(model, node, 0, new Set(), out);
  out.regs = [...new Set(out.regs)];
  return out;
}

function collect(model: Model, node: Node, hops: number, seen: Set<Node>, out: RunsIn): void {
  const handlers = handlerMap(model);
  let outermost: Node | undefined;
  for (let p: Node | undefined = node; p; p = p.parent) {
    const regs = handlers.get(p);
    if (regs) {
      out.regs.push(...regs);
      return;
    }
    if (isFunctionLike(p)) outermost = p;
  }
  if (!outermost) return; // module scope: runs at import, in no handler
  if (seen.has(outermost) || hops >= MAX_HOPS) {
    out.open ||= !seen.has(outermost);
    return;
  }
  seen.add(outermost);
  const sites = model.callSitesOf(outermost);
  if (sites.length === 0) out.open = true;
  for (const c of sites) collect(model, c, hops + 1, seen, out);
}

/**
 * The Extension that code belongs to: the one owning every handler that runs it, else the only Extension of the
 * sources; undefined when that is ambiguous.
 */
export function extOfCode(model: Model, node: Node): Instance | undefined {
  const exts = new Set(runsIn(model, node).regs.map((r) => r.ext));
  if (exts.size === 1) return [...exts][0];
  const all = model.extensions;
  return exts.size === 0 && all.length === 1 ? all[0] : undefined;
}

/** The static values an expression can take, each with the node that wrote it; or the node that is unknown. */
export type Alternatives = { known: true; values: { value: unknown; node: Node }[] } | { known: false; node: Node };

/**
 * Static values of `expr`: a constant, both arms of `c ? "a" : "b"`, or — for a parameter of a helper — what every
 * call site passes (all must be known). `ui.call(fn)` inside `const del = (fn: string) => ...` called as
 * `del("delete_monitor")` is therefore the literal "delete_monitor".
 */
export function alternatives(model: Model, expr: Node, hops = 0): Alternatives {
  const v = model.evaluate(expr);
  if (v.known) return { known: true, values: [{ value: v.value, node: expr }] };
  const e = stripExpr(expr);
  if (ts.isConditionalExpression(e))
    return merge([alternatives(model, e.whenTrue, hops), alternatives(model, e.whenFalse, hops)]);
  if (!ts.isIdentifier(e) || hops >= MAX_HOPS) return { known: false, node: expr };
  const d = findLexicalDeclaration(e, e.text);
  if (!d || d === "import" || !ts.isParameter(d) || !ts.isIdentifier(d.name) || d.dotDotDotToken)
    return { known: false, node: expr };
  const fn = d.parent;
  const index = (fn as unknown as { parameters: readonly Node[] }).parameters.indexOf(d);
  const sites = model.callSitesOf(fn);
  if (sites.length === 0) return { known: false, node: expr };
  const parts: Alternatives[] = [];
  for (const c of sites) {
    const arg = c.arguments[index];
    if (!arg || ts.isSpreadElement(arg)) return { known: false, node: expr };
    const a = alternatives(model, arg, hops + 1);
    // report at the parameter use when a caller passes something unknown: that is where the author looks
    parts.push(a.known ? a : { known: false, node: expr });
  }
  return merge(parts);
}

function merge(parts: Alternatives[]): Alternatives {
  const unknown = parts.find((p) => !p.known);
  if (unknown) return unknown;
  return { known: true, values: parts.flatMap((p) => (p.known ? p.values : [])) };
}
