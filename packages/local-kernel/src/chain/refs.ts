// Chain references: a plan step's args may carry `$steps.N.data.<path>` pointing at an earlier step's result.
// A write/destructive step whose reference cannot resolve fails hard before anything runs (I-CHAIN-REF-UNRESOLVED).

import { STEP_REF_EMBEDDED_PATTERN, STEP_REF_PATTERN } from "@imperal/sdk/patterns";

/** A full-string reference, e.g. `$steps.0.data.note_id` or `$steps.1.data.items.0.id` (syntax: sdk/patterns). */
export const STEP_REF_RE = STEP_REF_PATTERN;
const EMBEDDED_REF_RE = STEP_REF_EMBEDDED_PATTERN;

export interface StepRef {
  step: number;
  path: string[];
  raw: string;
}

export interface ChainStep {
  tool: string;
  args: Record<string, unknown>;
}

/** Minimal per-tool info the pre-check needs (a CatalogEntry satisfies it). */
export interface ChainToolInfo {
  name: string;
  actionType: "read" | "write" | "destructive";
  /** JSON Schema of the tool's ActionResult.data, when known. */
  returnSchema?: Record<string, unknown>;
}

/** Parses a reference string, or undefined when the string is not one. */
export function parseRef(s: string): StepRef | undefined {
  const m = STEP_REF_RE.exec(s);
  if (!m) return undefined;
  return { step: Number(m[1]), path: m[2] ? m[2].slice(1).split(".") : [], raw: s };
}

/** Every reference inside args (at any depth, whole strings and embedded in longer strings), with its arg path. */
export function findRefs(args: unknown, at = ""): Array<StepRef & { argPath: string }> {
  const out: Array<StepRef & { argPath: string }> = [];
  if (typeof args === "string") {
    for (const m of args.matchAll(EMBEDDED_REF_RE)) {
      out.push({ step: Number(m[1]), path: m[2] ? m[2].slice(1).split(".") : [], raw: m[0], argPath: at });
    }
  } else if (Array.isArray(args)) {
    args.forEach((v, i) => out.push(...findRefs(v, `${at}[${i}]`)));
  } else if (args && typeof args === "object") {
    for (const [k, v] of Object.entries(args)) out.push(...findRefs(v, at ? `${at}.${k}` : k));
  }
  return out;
}

function getPath(data: unknown, path: string[]): { found: boolean; value?: unknown } {
  let cur: unknown = data;
  for (const p of path) {
    if (Array.isArray(cur) && /^\d+$/.test(p) && Number(p) < cur.length) cur = cur[Number(p)];
    else if (cur && typeof cur === "object" && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, p))
      cur = (cur as Record<string, unknown>)[p];
    else return { found: false };
  }
  return cur === undefined ? { found: false } : { found: true, value: cur };
}

export interface UnresolvedRef {
  argPath: string;
  ref: string;
  reason: string;
}

/**
 * Substitutes references in one step's args from earlier steps' `data` (index = step number). A whole-string reference
 * takes the referenced value with its type; one embedded in a longer string is interpolated as text.
 */
export function resolveRefs(
  args: Record<string, unknown>,
  priorData: unknown[],
):
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; unresolved: UnresolvedRef[]; args: Record<string, unknown> } {
  const unresolved: UnresolvedRef[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === "string") {
      const whole = parseRef(v);
      if (whole) {
        const r = lookup(whole, at);
        return r.found ? r.value : v;
      }
      return v.replace(EMBEDDED_REF_RE, (raw, n: string, p: string) => {
        const r = lookup({ step: Number(n), path: p ? p.slice(1).split(".") : [], raw }, at);
        if (!r.found) return raw;
        return typeof r.value === "string" ? r.value : JSON.stringify(r.value);
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, at ? `${at}.${k}` : k)]));
    return v;
  };
  const lookup = (ref: StepRef, at: string): { found: boolean; value?: unknown } => {
    if (ref.step >= priorData.length) {
      unresolved.push({ argPath: at, ref: ref.raw, reason: `step ${ref.step} has no result yet` });
      return { found: false };
    }
    const r = getPath(priorData[ref.step], ref.path);
    if (!r.found)
      unresolved.push({
        argPath: at,
        ref: ref.raw,
        reason: `step ${ref.step} result has no field ${ref.path.join(".") || "(data)"}`,
      });
    return r;
  };
  const out = walk(args, "") as Record<string, unknown>;
  return unresolved.length ? { ok: false, unresolved, args: out } : { ok: true, args: out };
}

export interface PlanIssue {
  step: number;
  argPath: string;
  ref: string;
  code: "CHAIN_REF_UNKNOWN_STEP" | "CHAIN_REF_FORWARD" | "CHAIN_REF_UNKNOWN_FIELD" | "CHAIN_UNKNOWN_TOOL";
  message: string;
  /** True when the step writes (write/destructive) or its tool is unknown: the plan must not run. */
  hard: boolean;
}

/** Walks a JSON Schema along a path; "unknown" when the schema cannot tell (no properties, additionalProperties, $ref...). */
function schemaHasPath(schema: Record<string, unknown> | undefined, path: string[]): "yes" | "no" | "unknown" {
  let cur: Record<string, unknown> | undefined = schema;
  for (const p of path) {
    if (!cur || typeof cur !== "object") return "unknown";
    for (const comb of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(cur[comb])) return "unknown";
    const type = cur.type;
    if (type === "array" || (Array.isArray(type) && type.includes("array"))) {
      if (!/^\d+$/.test(p)) return "no";
      cur = cur.items as Record<string, unknown> | undefined;
      continue;
    }
    const props = cur.properties as Record<string, Record<string, unknown>> | undefined;
    if (!props) return "unknown";
    if (Object.prototype.hasOwnProperty.call(props, p)) {
      cur = props[p];
      continue;
    }
    if (cur.additionalProperties === undefined || cur.additionalProperties === false) return "no";
    return "unknown";
  }
  return "yes";
}

/**
 * Pre-checks a plan before anything runs: references to missing or later (or own) steps, and to fields absent
 * from the referenced tool's return schema. Issues on write/destructive steps are hard; `ok` is false if any is.
 */
export function precheckPlan(
  plan: ChainStep[],
  tools: ChainToolInfo[] | Map<string, ChainToolInfo>,
): { ok: boolean; issues: PlanIssue[] } {
  const byName = tools instanceof Map ? tools : new Map(tools.map((t) => [t.name, t]));
  const issues: PlanIssue[] = [];
  plan.forEach((step, i) => {
    const info = byName.get(step.tool);
    if (!info) {
      issues.push({
        step: i,
        argPath: "",
        ref: "",
        code: "CHAIN_UNKNOWN_TOOL",
        message: `step ${i}: unknown tool ${step.tool}`,
        hard: true,
      });
      return;
    }
    const hard = info.actionType !== "read";
    for (const r of findRefs(step.args)) {
      if (r.step >= plan.length) {
        issues.push({
          step: i,
          argPath: r.argPath,
          ref: r.raw,
          code: "CHAIN_REF_UNKNOWN_STEP",
          message: `step ${i} refers to step ${r.step}, which does not exist`,
          hard,
        });
      } else if (r.step >= i) {
        issues.push({
          step: i,
          argPath: r.argPath,
          ref: r.raw,
          code: "CHAIN_REF_FORWARD",
          message: `step ${i} refers to step ${r.step}, which has not run yet`,
          hard,
        });
      } else {
        const target = byName.get(plan[r.step].tool);
        if (target?.returnSchema && schemaHasPath(target.returnSchema, r.path) === "no") {
          issues.push({
            step: i,
            argPath: r.argPath,
            ref: r.raw,
            code: "CHAIN_REF_UNKNOWN_FIELD",
            message: `${plan[r.step].tool} does not return ${r.path.join(".")}`,
            hard,
          });
        }
      }
    }
  });
  return { ok: !issues.some((x) => x.hard), issues };
}

/**
 * Resolves one step at run time. A write/destructive step with an unresolved reference is a hard failure
 * (`CHAIN_REF_UNRESOLVED`); a read step keeps the unresolved strings and reports them.
 */
export function resolveStepArgs(
  step: ChainStep,
  actionType: ChainToolInfo["actionType"],
  priorData: unknown[],
):
  | { ok: true; args: Record<string, unknown>; unresolved: UnresolvedRef[] }
  | { ok: false; code: "CHAIN_REF_UNRESOLVED"; unresolved: UnresolvedRef[]; message: string } {
  const r = resolveRefs(step.args, priorData);
  if (r.ok) return { ok: true, args: r.args, unresolved: [] };
  if (actionType !== "read") {
    return {
      ok: false,
      code: "CHAIN_REF_UNRESOLVED",
      unresolved: r.unresolved,
      message: `Step "${step.tool}" depends on an earlier result that is not available (${r.unresolved.map((u) => u.ref).join(", ")}).`,
    };
  }
  return { ok: true, args: r.args, unresolved: r.unresolved };
}
