import type { UIAction } from "./types.js";
import { str } from "./props.js";
import { IDENTIFIER_PATTERN, panelIdOf } from "../patterns.js";

// ---- actions -------------------------------------------------------------------------------------------

const isFunctionRef = (fn: string): boolean => IDENTIFIER_PATTERN.test(panelIdOf(fn) ?? fn);
/** Calls a function of this extension; `call("__panel__x", props)` re-renders a panel. */
export function call(fn: string, params: Record<string, unknown> = {}): UIAction {
  if (typeof fn !== "string" || !isFunctionRef(fn))
    throw new TypeError(`ui.call: "${String(fn)}" is not a function or panel tool name.`);
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw new TypeError("ui.call: params must be an object.");
  return { action: "call", function: fn, params };
}
/** Navigates the host app to a path. */
export function navigate(path: string): UIAction {
  return { action: "navigate", path: str("navigate", "path", path)! };
}
/** Sends a chat message as the user. */
export function send(message: string): UIAction {
  return { action: "send", message: str("send", "message", message)! };
}
/** Opens an external URL (http/https only). */
export function open(url: string): UIAction {
  if (typeof url !== "string" || !/^https?:\/\//i.test(url))
    throw new TypeError("ui.open: url must start with http:// or https://.");
  return { action: "open", url };
}
