// The REPL's `/panel` outline: every node on its own line with every prop it carries (values, actions with their
// confirm, nested nodes as labelled children), so nothing the inspector draws is missing from the terminal.
import kleur from "kleur";
import { shortJson } from "./short-json.js";

const isNode = (v: unknown): v is { type: string; props: Record<string, unknown> } =>
  !!v &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  typeof (v as { type?: unknown }).type === "string" &&
  typeof (v as { props?: unknown }).props === "object";
const isAction = (v: unknown): v is Record<string, unknown> =>
  !!v &&
  typeof v === "object" &&
  ["call", "navigate", "send", "open"].includes((v as { action?: string }).action ?? "");
/** Props shown first, as the node's text. */
const TEXT_KEYS = ["text", "content", "title", "label", "message", "name"];

/** An action in one short phrase: `call delete_note {"note_id":"n1"} (confirm: "Delete it?")`. */
export function actionText(a: Record<string, unknown>): string {
  const what =
    a.action === "call"
      ? `call ${String(a.function)}${a.params && Object.keys(a.params as object).length ? " " + shortJson(a.params, 60) : ""}`
      : a.action === "navigate"
        ? `navigate ${String(a.path)}`
        : a.action === "send"
          ? `send ${JSON.stringify(a.message)}`
          : `open ${String(a.url)}`;
  return typeof a.confirm === "string" ? `${what} (confirm: ${JSON.stringify(a.confirm)})` : what;
}

/** Renders a UI tree as indented lines (depth-bounded: a hostile tree cannot take the REPL down). */
export function renderUiTree(node: unknown, depth = 0, out: string[] = [], label = ""): string[] {
  const pad = "  ".repeat(depth + 1);
  if (depth > 40) {
    out.push(pad + kleur.dim("…"));
    return out;
  }
  if (Array.isArray(node)) {
    for (const n of node) renderUiTree(n, depth, out, label);
    return out;
  }
  if (!isNode(node)) {
    out.push(pad + label + shortJson(node, 100));
    return out;
  }
  const props = node.props;
  const textKey = TEXT_KEYS.find((k) => typeof props[k] === "string" || typeof props[k] === "number");
  const parts: string[] = [];
  const nested: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(props)) {
    if (k === textKey) continue;
    if (isNode(v) || (Array.isArray(v) && v.length > 0 && v.every(isNode))) nested.push([k, v]);
    else if (isAction(v)) parts.push(`${k}: ${actionText(v)}`);
    else if (
      Array.isArray(v) &&
      v.some(
        (x) =>
          x && typeof x === "object" && Object.values(x).some((y) => isNode(y) || (Array.isArray(y) && y.some(isNode))),
      )
    )
      nested.push([k, v]); // tabs, accordion sections: objects holding nodes
    else parts.push(`${k}=${typeof v === "string" ? JSON.stringify(v) : shortJson(v, 80)}`);
  }
  const text = textKey ? ` ${String(props[textKey])}` : "";
  out.push(`${pad}${label}${kleur.cyan(node.type)}${text}${parts.length ? kleur.dim(" " + parts.join(" ")) : ""}`);
  for (const [k, v] of nested) {
    if (k === "children") renderUiTree(v, depth + 1, out);
    else if (Array.isArray(v) && !v.every(isNode)) {
      for (const item of v as Array<Record<string, unknown>>) {
        const own = Object.entries(item).filter(([, y]) => !isNode(y) && !(Array.isArray(y) && y.some(isNode)));
        out.push(`${pad}  ${kleur.dim(`${k}:`)} ${own.map(([a, b]) => `${a}=${shortJson(b, 40)}`).join(" ")}`);
        for (const [, y] of Object.entries(item))
          if (isNode(y) || (Array.isArray(y) && y.some(isNode))) renderUiTree(y, depth + 2, out);
      }
    } else renderUiTree(v, depth + 1, out, kleur.dim(`${k}: `));
  }
  return out;
}
