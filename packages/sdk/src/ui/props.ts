import { isUINode } from "./validate.js";
import type { UIAction, UINode } from "./types.js";

/** A child slot: nodes, plus falsy values so `cond && ui.text(...)` works (they are dropped). */
export type UIChild = UINode | null | undefined | false;

export type Color = "gray" | "blue" | "green" | "yellow" | "orange" | "red" | "purple";
export type Align = "start" | "center" | "end" | "stretch";
export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type Size = "sm" | "md" | "lg";
export type AlertType = "info" | "success" | "warn" | "error";
export type ModalSize = "xs" | "sm" | "md" | "lg" | "xl" | "full";
export type InputType = "text" | "password" | "email" | "number" | "url";
export type ChartType = "line" | "bar" | "area" | "pie";
export type TextVariant = "body" | "caption" | "label" | "muted";
export type Trend = "up" | "down" | "flat";

export const COLORS: readonly Color[] = ["gray", "blue", "green", "yellow", "orange", "red", "purple"];

// Runtime twin of the prop types: a typo must fail loudly instead of rendering something else (the Python
// SDK rendered every misspelt alert type as "info").
/** Returns `value` when it is one of `allowed` (or undefined); otherwise throws a TypeError naming the builder. */
export function oneOf<T extends string | number>(
  builder: string,
  prop: string,
  value: T | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new TypeError(
      `ui.${builder}: ${prop} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")} (got ${JSON.stringify(value)}).`,
    );
  }
  return value;
}
/** Returns `value` when it is a string (undefined allowed when `optional`); otherwise throws a TypeError. */
export function str(builder: string, prop: string, value: unknown, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string") throw new TypeError(`ui.${builder}: ${prop} must be a string.`);
  return value;
}
/** Returns `value` when it is a finite number or undefined; otherwise throws a TypeError. */
export function num(builder: string, prop: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new TypeError(`ui.${builder}: ${prop} must be a finite number.`);
  return value;
}
/** Checks a children list: drops falsy slots, throws a TypeError for anything that is not a ui node. */
export function children(builder: string, list: readonly UIChild[] | undefined): UINode[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError(`ui.${builder}: children must be an array of ui nodes.`);
  const out: UINode[] = [];
  for (const c of list) {
    if (c === null || c === undefined || c === false) continue;
    if (!isUINode(c)) throw new TypeError(`ui.${builder}: every child must be a ui node (built with ui.*).`);
    out.push(c);
  }
  return out;
}
/** Returns `value` when it is a ui node or undefined; otherwise throws a TypeError. */
export function optNode(builder: string, prop: string, value: UINode | undefined): UINode | undefined {
  if (value === undefined) return undefined;
  if (!isUINode(value)) throw new TypeError(`ui.${builder}: ${prop} must be a ui node.`);
  return value;
}
/** Returns `value` when it is a ui action (call, navigate, send, open) or undefined; otherwise throws a TypeError. */
export function action(builder: string, prop: string, value: UIAction | undefined): UIAction | undefined {
  if (value === undefined) return undefined;
  const a = value as { action?: unknown };
  if (
    typeof value !== "object" ||
    value === null ||
    !["call", "navigate", "send", "open"].includes(a.action as string)
  ) {
    throw new TypeError(`ui.${builder}: ${prop} must be an action (ui.call, ui.navigate, ui.send or ui.open).`);
  }
  return value;
}
/** Builds a `{ type, props }` node, leaving out props whose value is undefined. */
export function node<T extends string, P extends Record<string, unknown>>(type: T, props: P): UINode<T, P> {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) clean[k] = v;
  return { type, props: clean as P };
}
