// Compares what a turn did with what an eval case expects. Only the arguments a case names are checked; schema
// defaults are filled in on the classified side first, so `"tags": []` matches a classifier that left tags out.
import type { ArgMatcher, EvalExpect } from "./cases.js";

/** One step of the plan the classifier produced. */
export interface PlanStep {
  tool: string;
  args: Record<string, unknown>;
}

/** What a turn answered, reduced to what evals compare. */
export interface ActualTurn {
  outcome: string;
  plan: PlanStep[];
  code?: string;
  reply?: string;
}

/** Canonical JSON (object keys sorted) for deep equality. */
export function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );
}

const show = (v: unknown): string => (v === undefined ? "nothing" : JSON.stringify(v));

/** Why `actual` does not satisfy `m`, or undefined when it does. */
export function argProblem(m: ArgMatcher, actual: unknown): string | undefined {
  switch (m.kind) {
    case "absent":
      return actual === undefined ? undefined : `expected no value, got ${show(actual)}`;
    case "equals":
      return canon(actual) === canon(m.value) ? undefined : `expected ${show(m.value)}, got ${show(actual)}`;
    case "oneOf":
      return m.value.some((v) => canon(v) === canon(actual))
        ? undefined
        : `expected one of ${m.value.map(show).join(", ")}, got ${show(actual)}`;
    case "includes": {
      const needle = m.value.toLowerCase();
      const ok =
        typeof actual === "string"
          ? actual.toLowerCase().includes(needle)
          : Array.isArray(actual) && actual.some((x) => typeof x === "string" && x.toLowerCase() === needle);
      return ok ? undefined : `expected a value including ${show(m.value)}, got ${show(actual)}`;
    }
    case "matches": {
      const ok = actual !== undefined && actual !== null && typeof actual !== "object" && m.value.test(String(actual));
      return ok ? undefined : `expected a value matching /${m.source}/, got ${show(actual)}`;
    }
  }
}

/** Fill in the JSON Schema defaults of a tool's params that the classified args leave out. */
export function withDefaults(args: Record<string, unknown>, paramsSchema: unknown): Record<string, unknown> {
  const props = (paramsSchema as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties;
  const out = { ...args };
  for (const [k, s] of Object.entries(props ?? {})) {
    if (out[k] === undefined && s && s.default !== undefined) out[k] = s.default;
  }
  return out;
}

/** Every way the turn misses the expectation (empty = pass). `schemas` maps tool name -> params JSON Schema. */
export function matchExpectation(
  expect: EvalExpect,
  actual: ActualTurn,
  schemas: ReadonlyMap<string, unknown> = new Map(),
): string[] {
  const problems: string[] = [];
  const tools = actual.plan.map((s) => s.tool);
  if (expect.tool === null) {
    if (tools.length) problems.push(`expected no tool call, got ${tools.join(" -> ")}`);
  } else if (tools.length !== 1 || tools[0] !== expect.tool) {
    problems.push(
      `expected tool ${expect.tool}, got ${tools.length ? tools.join(" -> ") : `no tool call (${actual.outcome})`}`,
    );
  } else if (expect.args) {
    const step = actual.plan[0]!;
    const args = withDefaults(step.args ?? {}, schemas.get(step.tool));
    for (const [name, m] of Object.entries(expect.args)) {
      const p = argProblem(m, args[name]);
      if (p) problems.push(`args.${name}: ${p}`);
    }
  }
  if (expect.outcome && expect.outcome !== actual.outcome) {
    problems.push(`expected outcome ${expect.outcome}, got ${actual.outcome}${actual.code ? ` (${actual.code})` : ""}`);
  }
  return problems;
}

/** One line for a plan: `create_note {"title":"x"}` (steps joined with ` -> `), or `(no tool call)`. */
export function formatPlan(plan: PlanStep[]): string {
  if (!plan.length) return "(no tool call)";
  return plan.map((s) => `${s.tool} ${JSON.stringify(s.args ?? {})}`).join(" -> ");
}
