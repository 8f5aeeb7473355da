import { call, navigate, open, send } from "./actions.js";
import { buildNode } from "./check.js";
import { data, display, feedback, graph, inputs, interactive, layout } from "./nodes/index.js";
import type { Builder, NodeDef } from "./spec.js";

export type { UIAction, UINode } from "./types.js";
export type { UIChild, NodeDef, NodeGroup, PropSpec, PropKind } from "./spec.js";
export type { ActionOptions } from "./actions.js";
export type { TreeNode } from "./nodes/data.js";
export { isUINode } from "./validate.js";
export { sanitizeHtml } from "./html.js";
export { COMMON_PROPS } from "./spec.js";
export { sampleNode, galleryPage } from "./gallery.js";
export { renderUiDocs } from "./docs.js";

const groups = { layout, data, display, interactive, feedback, inputs, graph };
type Defs = typeof layout &
  typeof data &
  typeof display &
  typeof interactive &
  typeof feedback &
  typeof inputs &
  typeof graph;

/** Every node definition (builder name -> definition), by group, alphabetical within a group. */
export const UI_NODES: Readonly<Record<string, NodeDef>> = Object.fromEntries(
  Object.values(groups).flatMap((g) =>
    Object.values(g as Record<string, NodeDef>)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((d) => [d.name, d]),
  ),
);

function builder(def: NodeDef) {
  const b = (...args: unknown[]) => buildNode(def, args);
  Object.defineProperty(b, "name", { value: def.name });
  return b;
}
const builders = Object.fromEntries(
  Object.values(UI_NODES).flatMap((d) => [d.name, ...(d.alias ?? [])].map((n) => [n, builder(d)])),
) as { [K in keyof Defs]: Builder<Defs[K]> } & { dialog: Builder<Defs["modal"]> };

/** UI node builders: plain JSON `{ type, props }`, typed props, a run-time `TypeError` naming node and prop for anything unknown. */
export const ui = { ...builders, call, navigate, send, open } as const;

// Named prop vocabularies (kept for authors' type annotations).
export type Color = NonNullable<Parameters<typeof ui.badge>[1]>["color"] & string;
export type Align = NonNullable<Parameters<typeof ui.stack>[1]>["align"] & string;
export type ButtonVariant = NonNullable<Parameters<typeof ui.button>[1]>["variant"] & string;
export type Size = NonNullable<Parameters<typeof ui.button>[1]>["size"] & string;
export type AlertType = NonNullable<Parameters<typeof ui.alert>[1]>["type"] & string;
export type ModalSize = NonNullable<Parameters<typeof ui.modal>[1]>["size"] & string;
export type InputType = NonNullable<Parameters<typeof ui.input>[1]>["type"] & string;
export type ChartType = Parameters<typeof ui.chart>[0]["type"];
export type TextVariant = NonNullable<Parameters<typeof ui.text>[1]>["variant"] & string;
export type Trend = NonNullable<Parameters<typeof ui.stat>[2]>["trend"] & string;
