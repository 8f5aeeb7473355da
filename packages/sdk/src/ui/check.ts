// Run-time twin of the builders' types, driven by the node definitions: an unknown prop, a wrong kind or an enum
// value outside the list is a TypeError naming the node and the prop, never a silent drop (the Python SDK rendered
// every misspelt alert type as "info").
import { isUINode } from "./validate.js";
import { COMMON_PROPS, type NodeDef, type PropSpec } from "./spec.js";
import type { UINode } from "./types.js";

const ACTIONS = ["call", "navigate", "send", "open"];

/** Throws the kit's TypeError: `ui.<builder>: <prop> <why>`. */
export function fail(builder: string, prop: string, why: string): never {
  throw new TypeError(`ui.${builder}: ${prop} ${why}`);
}

/** True for a `{ action: "call" | "navigate" | "send" | "open", ... }` object. */
export function isAction(v: unknown): boolean {
  return typeof v === "object" && v !== null && ACTIONS.includes((v as { action?: unknown }).action as string);
}

/** Checks one value against its spec and returns the value to store (aliases resolved, falsy children dropped). */
export function checkValue(builder: string, path: string, spec: PropSpec, v: unknown): unknown {
  switch (spec.kind) {
    case "string":
      if (typeof v !== "string") fail(builder, path, `must be a string (got ${kindOf(v)}).`);
      return v;
    case "number":
      if (typeof v !== "number" || !Number.isFinite(v))
        fail(builder, path, `must be a finite number (got ${kindOf(v)}).`);
      return v;
    case "boolean":
      if (typeof v !== "boolean") fail(builder, path, `must be true or false (got ${kindOf(v)}).`);
      return v;
    case "text":
      if (typeof v !== "string" && (typeof v !== "number" || !Number.isFinite(v)))
        fail(builder, path, `must be a string or a number (got ${kindOf(v)}).`);
      return v;
    case "enum": {
      const key = typeof v === "string" || typeof v === "number" ? String(v) : undefined;
      const aliased = key !== undefined && spec.aliases && key in spec.aliases ? spec.aliases[key] : v;
      if (!spec.values!.includes(aliased as string | number)) {
        const allowed = spec.values!.map((a) => JSON.stringify(a)).join(", ");
        fail(builder, path, `must be one of ${allowed} (got ${JSON.stringify(v)}).`);
      }
      return aliased;
    }
    case "node":
      if (!isUINode(v)) fail(builder, path, "must be a ui node (built with ui.*).");
      return v;
    case "children": {
      if (!Array.isArray(v)) fail(builder, path, "must be an array of ui nodes.");
      const out: UINode[] = [];
      for (const c of v as unknown[]) {
        if (c === null || c === undefined || c === false) continue;
        if (!isUINode(c))
          fail(builder, path, "must hold ui nodes only (built with ui.*); every child must be a ui node.");
        out.push(c as UINode);
      }
      return out;
    }
    case "action":
      if (!isAction(v)) fail(builder, path, "must be an action (ui.call, ui.navigate, ui.send or ui.open).");
      return v;
    case "array":
      if (!Array.isArray(v)) fail(builder, path, `must be an array (got ${kindOf(v)}).`);
      return (v as unknown[]).map((item, i) => checkValue(builder, `${path}[${i}]`, spec.of!, item));
    case "object":
      if (typeof v !== "object" || v === null || Array.isArray(v))
        fail(builder, path, `must be an object (got ${kindOf(v)}).`);
      return checkProps(builder, spec.fields!, v as Record<string, unknown>, path);
    case "record":
      if (typeof v !== "object" || v === null || Array.isArray(v))
        fail(builder, path, `must be an object (got ${kindOf(v)}).`);
      return { ...(v as Record<string, unknown>) };
    case "json":
      return v;
  }
}

/** Checks an object of props against specs: unknown keys and missing required ones are errors; undefined is dropped. */
export function checkProps(
  builder: string,
  specs: Readonly<Record<string, PropSpec>>,
  props: Record<string, unknown>,
  prefix = "",
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
  for (const [k, v] of Object.entries(props)) {
    const s = specs[k];
    if (!s) {
      const known = Object.keys(specs).join(", ");
      fail(builder, at(k), `is not a prop of this node (known: ${known}).`);
    }
    if (v === undefined) continue;
    out[k] = checkValue(builder, at(k), s, v);
  }
  for (const [k, s] of Object.entries(specs))
    if (s.required && out[k] === undefined) fail(builder, at(k), "is required.");
  return out;
}

/** Builds a node from a definition and a builder call's arguments (positional args, then the props object). */
export function buildNode(def: NodeDef, args: readonly unknown[]): UINode {
  const specs = { ...COMMON_PROPS, ...def.props } as Record<string, PropSpec>;
  const rest = args[def.args.length];
  if (rest !== undefined && (typeof rest !== "object" || rest === null || Array.isArray(rest)))
    fail(def.name, "props", "must be an object.");
  if (args.length > def.args.length + 1)
    fail(
      def.name,
      "arguments",
      `are too many: ui.${def.name} takes ${def.args.length} argument(s) and a props object.`,
    );
  const merged: Record<string, unknown> = { ...((rest as Record<string, unknown> | undefined) ?? {}) };
  def.args.forEach((name, i) => {
    if (name in merged && merged[name] !== undefined)
      fail(def.name, name, "is given both as an argument and in props.");
    merged[name] = args[i];
  });
  def.prepare?.(merged);
  const props = checkProps(def.name, specs, merged);
  def.refine?.(props, (prop, why) => fail(def.name, prop, why));
  return { type: def.type, props };
}

function kindOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}
