import type { UIAction } from "./types.js";
import { fail } from "./check.js";
import { IDENTIFIER_PATTERN, panelIdOf } from "../patterns.js";

// ---- actions -------------------------------------------------------------------------------------------

/** Options every action takes: `confirm` is a question the UI asks before running it. */
export interface ActionOptions {
  confirm?: string;
}

function withConfirm<A extends UIAction>(builder: string, a: A, opts: ActionOptions | undefined): A {
  if (opts === undefined) return a;
  if (typeof opts !== "object" || opts === null) fail(builder, "options", "must be an object ({ confirm? }).");
  for (const k of Object.keys(opts))
    if (k !== "confirm") fail(builder, k, "is not an option of an action (known: confirm).");
  if (opts.confirm === undefined) return a;
  if (typeof opts.confirm !== "string" || opts.confirm.trim() === "")
    fail(builder, "confirm", "must be a non-empty string (the question the UI asks).");
  return { ...a, confirm: opts.confirm };
}

const isFunctionRef = (fn: string): boolean => IDENTIFIER_PATTERN.test(panelIdOf(fn) ?? fn);
/** Calls a function of this extension; `call("__panel__x", props)` re-renders (or opens) a panel with those props. */
export function call(fn: string, params: Record<string, unknown> = {}, opts?: ActionOptions): UIAction {
  if (typeof fn !== "string" || !isFunctionRef(fn))
    throw new TypeError(`ui.call: "${String(fn)}" is not a function or panel tool name.`);
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw new TypeError("ui.call: params must be an object.");
  return withConfirm("call", { action: "call", function: fn, params }, opts);
}
/** Navigates the host app to a path. */
export function navigate(path: string, opts?: ActionOptions): UIAction {
  if (typeof path !== "string") fail("navigate", "path", "must be a string.");
  return withConfirm("navigate", { action: "navigate", path }, opts);
}
/** Sends a chat message as the user. */
export function send(message: string, opts?: ActionOptions): UIAction {
  if (typeof message !== "string") fail("send", "message", "must be a string.");
  return withConfirm("send", { action: "send", message }, opts);
}
/** Opens an external URL (http/https only). */
export function open(url: string, opts?: ActionOptions): UIAction {
  if (typeof url !== "string" || !/^https?:\/\//i.test(url))
    throw new TypeError("ui.open: url must start with http:// or https://.");
  return withConfirm("open", { action: "open", url }, opts);
}
