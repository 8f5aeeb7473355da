// Shaping the plan as steps are added: a step that only sets attributes of the item just created folds into that
// create, a step that repeats the previous call adds nothing, and one call per listed item becomes one bulk call when
// the user asks for it in one go.
import { NOUN_SYNONYMS, stem } from "../lexicon.js";
import type { PlanStep } from "../types.js";
import type { StepAnalysis } from "./analysis.js";
import { refersToStep, type StepContext } from "./steps.js";
import type { ToolInfo } from "./tools.js";

type Chosen = StepContext["prev"][number];

/**
 * "create a task to call Anna and make it high priority": a step that only sets attributes the previous create
 * accepts, on the item being created, folds into that create call. True when it did (the step adds no call).
 */
export function foldIntoCreate(
  prev: Chosen | undefined,
  tool: ToolInfo,
  args: Record<string, unknown>,
  prevIndex: number,
  step: string,
): boolean {
  if (
    !prev ||
    prev.tool.cls !== "create" ||
    !/^\s*(?:and\s+)?(?:then\s+)?(?:make|set|mark|give|keep|have|flag|tag|label|put|place|stick|file|move)\s+(?:it|this|that|them)\b/i.test(
      step,
    )
  ) {
    return false;
  }
  // "add a card called X, put it in Doing": "it" may be read as the name just given, the item being created.
  const namesCreated = (p: ToolInfo["params"][number], v: unknown) =>
    !!p.refKind && typeof v === "string" && v !== "" && Object.values(prev.args ?? {}).includes(v);
  const own = Object.entries(args).filter(([k, v]) => {
    const p = tool.params.find((x) => x.name === k);
    if (p?.isId || p?.refKind) return !refersToStep(v, prevIndex) && !namesCreated(p, v);
    return p?.schema.default === undefined || JSON.stringify(p.schema.default) !== JSON.stringify(v);
  });
  const target = prev.tool.params;
  const fits =
    own.length > 0 &&
    own.every(([k]) => {
      const tp = target.find((x) => x.name === k);
      return (
        !!tp &&
        !tp.isId &&
        (prev.args?.[k] === undefined || JSON.stringify(prev.args?.[k]) === JSON.stringify(tp.schema.default))
      );
    });
  const idOk = Object.entries(args).some(([k, v]) => {
    const p = tool.params.find((x) => x.name === k);
    return !!(p?.isId || p?.refKind) && (refersToStep(v, prevIndex) || namesCreated(p, v));
  });
  if (!fits || !idOk) return false;
  for (const [k, v] of own) prev.args![k] = v;
  return true;
}

// "…, and write: appetite down, limping": dictated text for the item just created.
const WRITE_RE =
  /^\s*(?:and\s+)?(?:then\s+)?(?:write|jot down|jot|say|put in it|schreib|schreibe)\b\s*(?:in it|inside|that|rein)?\s*:?\s*(.+)$/is;

/**
 * "create a note 'Vet' and write: appetite down": a step that dictates text, after a create whose text param is
 * still empty, is that text (not a second create). True when it folded.
 */
export function foldTextIntoCreate(prev: Chosen | undefined, step: string): boolean {
  const m = WRITE_RE.exec(step);
  if (!prev || prev.tool.cls !== "create" || !m) return false;
  const body = prev.tool.params.find(
    (p) => p.role === "body" && p.type === "string" && (prev.args?.[p.name] === undefined || prev.args[p.name] === ""),
  );
  if (!body || !prev.args) return false;
  prev.args[body.name] = m[1]!.trim().replace(/[.!]+$/, "");
  return true;
}

/**
 * "bump X to high and make it due friday": a second edit of the same item by the same tool folds into the first
 * (one call that sets both). True when it did.
 */
export function foldIntoEdit(
  prev: Chosen | undefined,
  tool: ToolInfo,
  args: Record<string, unknown>,
  step: string,
): boolean {
  // ("make it low priority and drop the due date": the second edit of the same item names no item of its own.)
  if (!prev || prev.tool !== tool || tool.cls !== "update") return false;
  if (
    !/^\s*(?:and\s+)?(?:also\s+)?\w+\s+(?:it|this|that|them)\b/i.test(step) &&
    !/^\s*(?:and\s+)?(?:also\s+)?(?:clear|drop|remove|delete|unset|set|make|change|add)\s+(?:the|its)\s+\S+(?:\s+\S+)?\s*$/i.test(
      step,
    )
  )
    return false;
  const idP = tool.params.find((p) => p.isId && p.required);
  if (!idP || args[idP.name] !== prev.args?.[idP.name]) return false;
  const own = tool.params.filter(
    (p) => !p.isId && args[p.name] !== undefined && JSON.stringify(args[p.name]) !== JSON.stringify(p.schema.default),
  );
  const clash = own.some(
    (p) =>
      prev.args?.[p.name] !== undefined &&
      JSON.stringify(prev.args[p.name]) !== JSON.stringify(p.schema.default) &&
      JSON.stringify(prev.args[p.name]) !== JSON.stringify(args[p.name]),
  );
  if (!own.length || clash) return false;
  for (const p of own) prev.args![p.name] = args[p.name];
  return true;
}

/** Every value `args` sets beyond the schema defaults is already in `prev` (or points back at the previous step). */
export function repeats(
  tool: ToolInfo,
  args: Record<string, unknown>,
  prev: Record<string, unknown>,
  prevIndex: number,
): boolean {
  return tool.params.every((p) => {
    const v = args[p.name];
    if (v === undefined || JSON.stringify(v) === JSON.stringify(p.schema.default)) return true;
    return JSON.stringify(v) === JSON.stringify(prev[p.name]) || (p.isId && refersToStep(v, prevIndex));
  });
}

// "in one go", "all at once": the user wants one call for the whole set.
const AT_ONCE_RE = /\b(?:in one go|at once|all at once|in bulk|bulk|in one batch|together|gleichzeitig|auf einmal)\b/i;

/**
 * "pause rules 3 and 5 in one go": the same call once per item becomes one call of a tool that takes the ids as a
 * list (`rule_ids`) and the operation as an enum value that is the single calls' own verb (`operation: "pause"`).
 */
export function bulkCall(steps: Chosen[], tools: ToolInfo[], message: string): PlanStep | undefined {
  // Two items one by one is fine; three or more, or "in one go", is one call for the set.
  if (steps.length < 2 || (steps.length < 3 && !AT_ONCE_RE.test(message))) return undefined;
  const tool = steps[0]!.tool;
  if (steps.some((s) => s.tool !== tool)) return undefined;
  const idP = tool.params.find((p) => p.isId && p.required);
  const verb = tool.nameWords[0];
  if (!idP || !verb) return undefined;
  for (const t of tools) {
    const list = t.params.find((p) => p.type === "array" && p.name === `${idP.name}s`);
    const op = t.params.find((p) => p.enumVals?.includes(verb));
    if (!list || !op) continue;
    return { tool: t.entry.name, args: { [op.name]: verb, [list.name]: steps.map((s) => s.args?.[idP.name]) } };
  }
  return undefined;
}

/**
 * "check the ssl cert and the http headers for x.io": a read named after one thing to check, with "and" naming what
 * a sibling read of the same verb checks (http_check), is one call per check on the same host.
 */
export function siblingChecks(
  tool: ToolInfo,
  a: StepAnalysis,
  tools: ToolInfo[],
  args: Record<string, unknown>,
): PlanStep[] {
  const host = tool.params.find((p) => p.role === "domain" && p.required && typeof args[p.name] === "string");
  if (tool.entry.actionType !== "read" || !tool.verbWord || !host) return [];
  const out: PlanStep[] = [];
  const joins = a.toks.flatMap((t, i) => (t.quote === undefined && /^(?:and|und|&)$/.test(t.base) ? [i] : []));
  // ("spf/dkim/dmarc" says each of its words.)
  const nounsOf = (t: (typeof a.toks)[number]) => [
    t.stem,
    ...t.base.split("/").flatMap((w) => [stem(w), ...(NOUN_SYNONYMS[w] ?? []).map((x) => stem(x))]),
  ];
  for (const j of joins) {
    // The words after "and", up to the host or the next preposition, name the sibling ("the http headers").
    const words: StepAnalysis["toks"] = [];
    for (let k = j + 1; k < a.toks.length && words.length < 5; k++) {
      const t = a.toks[k]!;
      if (t.punct && t.text !== "/") break;
      if (/^(?:for|of|on|at|von|für)$/.test(t.base)) break;
      if (!t.punct) words.push(t);
    }
    const sibling = tools.find(
      (o) =>
        o !== tool &&
        o.entry.actionType === "read" &&
        o.verbWord === tool.verbWord &&
        o.params.some((p) => p.name === host.name && p.required) &&
        words.some((w) => nounsOf(w).some((n) => o.nouns.has(n) && !tool.nouns.has(n))),
    );
    if (sibling && !out.some((s) => s.tool === sibling.entry.name))
      out.push({ tool: sibling.entry.name, args: { [host.name]: args[host.name] } });
  }
  return out;
}
