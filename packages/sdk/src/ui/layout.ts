import type { UIAction, UINode } from "./types.js";
import {
  COLORS,
  action,
  children,
  node,
  num,
  oneOf,
  optNode,
  str,
  type Align,
  type AlertType,
  type Color,
  type TextVariant,
  type Trend,
  type UIChild,
} from "./props.js";

// ---- layout --------------------------------------------------------------------------------------------

/** Lays children out vertically (default) or horizontally. */
export function stack(
  items: readonly UIChild[],
  props: { direction?: "vertical" | "horizontal"; gap?: number; align?: Align; wrap?: boolean } = {},
) {
  return node("stack", {
    children: children("stack", items),
    direction: oneOf("stack", "direction", props.direction, ["vertical", "horizontal"] as const),
    gap: num("stack", "gap", props.gap),
    align: oneOf("stack", "align", props.align, ["start", "center", "end", "stretch"] as const),
    wrap: props.wrap,
  });
}
/** Lays children out in 1-6 equal columns. */
export function grid(items: readonly UIChild[], props: { columns?: 1 | 2 | 3 | 4 | 5 | 6; gap?: number } = {}) {
  return node("grid", {
    children: children("grid", items),
    columns: oneOf("grid", "columns", props.columns, [1, 2, 3, 4, 5, 6] as const),
    gap: num("grid", "gap", props.gap),
  });
}
/** Tabbed content; each tab has an id, a label and one node. */
export function tabs(
  items: readonly { id: string; label: string; content: UINode }[],
  props: { defaultTab?: string } = {},
) {
  if (!Array.isArray(items)) throw new TypeError("ui.tabs: tabs must be an array of { id, label, content }.");
  return node("tabs", {
    tabs: items.map((t) => ({
      id: str("tabs", "id", t.id)!,
      label: str("tabs", "label", t.label)!,
      content: optNode("tabs", "content", t.content)!,
    })),
    defaultTab: str("tabs", "defaultTab", props.defaultTab, true),
  });
}
/** A titled group of children, optionally collapsible. */
export function section(
  title: string,
  items: readonly UIChild[],
  props: { collapsible?: boolean; collapsed?: boolean } = {},
) {
  return node("section", {
    title: str("section", "title", title)!,
    children: children("section", items),
    collapsible: props.collapsible,
    collapsed: props.collapsed,
  });
}
/** A bordered container, optionally clickable. */
export function card(
  items: readonly UIChild[],
  props: { title?: string; subtitle?: string; onClick?: UIAction; footer?: UINode } = {},
) {
  return node("card", {
    children: children("card", items),
    title: str("card", "title", props.title, true),
    subtitle: str("card", "subtitle", props.subtitle, true),
    onClick: action("card", "onClick", props.onClick),
    footer: optNode("card", "footer", props.footer),
  });
}

// ---- display -------------------------------------------------------------------------------------------

/** A run of text. */
export function text(
  content: string,
  props: { variant?: TextVariant; weight?: "normal" | "medium" | "bold"; color?: Color } = {},
) {
  return node("text", {
    content: str("text", "content", content)!,
    variant: oneOf("text", "variant", props.variant, ["body", "caption", "label", "muted"] as const),
    weight: oneOf("text", "weight", props.weight, ["normal", "medium", "bold"] as const),
    color: oneOf("text", "color", props.color, COLORS),
  });
}
/** A heading (levels 1-4). */
export function header(content: string, props: { level?: 1 | 2 | 3 | 4; subtitle?: string } = {}) {
  return node("header", {
    text: str("header", "text", content)!,
    level: oneOf("header", "level", props.level, [1, 2, 3, 4] as const),
    subtitle: str("header", "subtitle", props.subtitle, true),
  });
}
/** Markdown content rendered by the host. */
export function markdown(content: string) {
  return node("markdown", { content: str("markdown", "content", content)! });
}
/** A code block. */
export function code(content: string, props: { language?: string } = {}) {
  return node("code", {
    content: str("code", "content", content)!,
    language: str("code", "language", props.language, true),
  });
}
/** A horizontal rule, optionally labelled. */
export function divider(props: { label?: string } = {}) {
  return node("divider", { label: str("divider", "label", props.label, true) });
}
/** An empty state with a message. */
export function empty(message: string, props: { icon?: string; action?: UINode } = {}) {
  return node("empty", {
    message: str("empty", "message", message)!,
    icon: str("empty", "icon", props.icon, true),
    action: optNode("empty", "action", props.action),
  });
}
/** An info/success/warn/error banner (default info). */
export function alert(message: string, props: { type?: AlertType; title?: string } = {}) {
  return node("alert", {
    message: str("alert", "message", message)!,
    type: oneOf("alert", "type", props.type, ["info", "success", "warn", "error"] as const) ?? "info",
    title: str("alert", "title", props.title, true),
  });
}
/** A small coloured label. */
export function badge(label: string, props: { color?: Color; variant?: "solid" | "outline" | "subtle" } = {}) {
  return node("badge", {
    label: str("badge", "label", label)!,
    color: oneOf("badge", "color", props.color, COLORS),
    variant: oneOf("badge", "variant", props.variant, ["solid", "outline", "subtle"] as const),
  });
}
/** One metric with an optional change and trend. */
export function stat(
  label: string,
  value: string | number,
  props: { change?: string; trend?: Trend; color?: Color; icon?: string } = {},
) {
  if (typeof value !== "string" && typeof value !== "number")
    throw new TypeError("ui.stat: value must be a string or number.");
  return node("stat", {
    label: str("stat", "label", label)!,
    value,
    change: str("stat", "change", props.change, true),
    trend: oneOf("stat", "trend", props.trend, ["up", "down", "flat"] as const),
    color: oneOf("stat", "color", props.color, COLORS),
    icon: str("stat", "icon", props.icon, true),
  });
}
/** A row of ui.stat nodes. */
export function stats(items: readonly UIChild[], props: { columns?: 1 | 2 | 3 | 4 | 5 | 6 } = {}) {
  const list = children("stats", items);
  if (list.some((n) => n.type !== "stat")) throw new TypeError("ui.stats: children must be ui.stat(...) nodes.");
  return node("stats", {
    children: list,
    columns: oneOf("stats", "columns", props.columns, [1, 2, 3, 4, 5, 6] as const),
  });
}
type Scalar = string | number | boolean | null;
/** Key/value pairs (scalar values only). */
export function keyValue(
  items: readonly { key: string; value: Scalar }[] | Record<string, Scalar>,
  props: { columns?: 1 | 2 | 3 } = {},
) {
  const list = Array.isArray(items) ? items : Object.entries(items ?? {}).map(([key, value]) => ({ key, value }));
  for (const it of list) {
    str("keyValue", "key", it.key);
    if (it.value !== null && !["string", "number", "boolean"].includes(typeof it.value))
      throw new TypeError("ui.keyValue: values must be scalars.");
  }
  return node("keyValue", {
    items: list.map((i) => ({ key: i.key, value: i.value })),
    columns: oneOf("keyValue", "columns", props.columns, [1, 2, 3] as const),
  });
}
/** A list of nodes (usually ui.listItem). */
export function list(items: readonly UIChild[], props: { emptyMessage?: string; dividers?: boolean } = {}) {
  return node("list", {
    children: children("list", items),
    emptyMessage: str("list", "emptyMessage", props.emptyMessage, true),
    dividers: props.dividers,
  });
}
/** One row of a list, optionally clickable. */
export function listItem(props: {
  title: string;
  subtitle?: string;
  icon?: string;
  badge?: UINode;
  meta?: string;
  onClick?: UIAction;
  actions?: readonly UIChild[];
}) {
  return node("listItem", {
    title: str("listItem", "title", props?.title)!,
    subtitle: str("listItem", "subtitle", props.subtitle, true),
    icon: str("listItem", "icon", props.icon, true),
    badge: optNode("listItem", "badge", props.badge),
    meta: str("listItem", "meta", props.meta, true),
    onClick: action("listItem", "onClick", props.onClick),
    actions: props.actions === undefined ? undefined : children("listItem", props.actions),
  });
}
/** A table with typed columns and rows of data. */
export function dataTable(props: {
  columns: readonly { key: string; label: string; align?: "left" | "center" | "right"; width?: number }[];
  rows: readonly Record<string, unknown>[];
  onRowClick?: UIAction;
  emptyMessage?: string;
}) {
  if (!Array.isArray(props?.columns) || !Array.isArray(props.rows))
    throw new TypeError("ui.dataTable: columns and rows must be arrays.");
  return node("dataTable", {
    columns: props.columns.map((c) => ({
      key: str("dataTable", "column key", c.key)!,
      label: str("dataTable", "column label", c.label)!,
      ...(c.align !== undefined
        ? { align: oneOf("dataTable", "align", c.align, ["left", "center", "right"] as const) }
        : {}),
      ...(c.width !== undefined ? { width: num("dataTable", "width", c.width) } : {}),
    })),
    rows: props.rows.map((r) => ({ ...r })),
    onRowClick: action("dataTable", "onRowClick", props.onRowClick),
    emptyMessage: str("dataTable", "emptyMessage", props.emptyMessage, true),
  });
}
