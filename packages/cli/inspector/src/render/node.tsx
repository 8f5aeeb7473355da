// The one dispatcher from a UI node to its renderer. Prop tables come from the SDK's definitions (UI_NODES): enum
// aliases are resolved from them, unknown props are flagged from them, and a type with no dedicated renderer is drawn
// generically from its props' kinds.
import type { ComponentChildren, JSX } from "preact";
import { COMMON_PROPS, UI_NODES, type NodeDef } from "@imperal/sdk/ui";
import { LAYOUT } from "./layout.js";
import { DATA } from "./data.js";
import { INTERACTIVE } from "./interactive.js";
import { INPUTS } from "./inputs.js";
import { GRAPHICS } from "./graphics.js";

/** What a renderer receives: resolved props, the definition, and the attributes its root element must carry. */
export interface RProps {
  p: Record<string, any>;
  def: NodeDef;
  a: Record<string, unknown> & { "data-node": string };
}
export type Renderer = (r: RProps) => JSX.Element | null;

/** Definitions by node type (a builder's name and its type can differ: dialog is modal). */
export const DEFS: ReadonlyMap<string, NodeDef> = new Map(Object.values(UI_NODES).map((d) => [d.type, d]));

const RENDERERS: Record<string, Renderer> = { ...LAYOUT, ...DATA, ...INTERACTIVE, ...INPUTS, ...GRAPHICS };

/** Types the definitions have but no dedicated renderer draws (drawn by the generic renderer). */
export const GENERIC_TYPES = [...DEFS.keys()].filter((t) => !RENDERERS[t]);

function resolve(def: NodeDef, props: Record<string, unknown>): Record<string, any> {
  const out: Record<string, any> = { ...props };
  for (const [k, spec] of Object.entries(def.props)) {
    const v = out[k];
    if (spec.kind === "enum" && spec.aliases && typeof v === "string" && v in spec.aliases) out[k] = spec.aliases[v];
  }
  return out;
}

/** Render one node (anything that is not a node renders nothing). */
export function Node({ node }: { node: any }): JSX.Element | null {
  if (!node || typeof node !== "object" || typeof node.type !== "string") return null;
  const def = DEFS.get(node.type);
  if (!def)
    return (
      <div class="ui-unknown" data-node={node.type}>
        unknown node type <code>{node.type}</code>
      </div>
    );
  const raw = (node.props ?? {}) as Record<string, unknown>;
  const p = resolve(def, raw);
  const unknown = Object.keys(raw).filter((k) => !(k in def.props) && !(k in COMMON_PROPS));
  const a: RProps["a"] = {
    "data-node": node.type,
    ...(typeof p.id === "string" ? { id: `ui-${p.id}` } : {}),
    ...(p.sticky ? { "data-sticky": "true" } : {}),
    ...(unknown.length
      ? { "data-unknown-props": unknown.join(","), title: `unknown props: ${unknown.join(", ")}` }
      : {}),
  };
  const R = RENDERERS[node.type] ?? Generic;
  return <R p={p} def={def} a={a} />;
}

/** Render a list of child nodes. */
export function Kids({ of }: { of: unknown }): JSX.Element {
  const list = Array.isArray(of) ? of : of ? [of] : [];
  return (
    <>
      {list.map((n, i) => (
        <Node key={(n as any)?.props?.id ?? (n as any)?.props?.key ?? i} node={n} />
      ))}
    </>
  );
}

/** A type drawn from its definition alone: node and children props rendered, scalar props listed. */
function Generic({ p, def, a }: RProps): JSX.Element {
  const parts: ComponentChildren[] = [];
  for (const [k, spec] of Object.entries(def.props)) {
    const v = p[k];
    if (v === undefined) continue;
    if (spec.kind === "children") parts.push(<Kids key={k} of={v} />);
    else if (spec.kind === "node") parts.push(<Node key={k} node={v} />);
    else if (spec.kind !== "action")
      parts.push(
        <div key={k} class="ui-kv">
          <span class="ui-k">{k}</span> {typeof v === "object" ? JSON.stringify(v) : String(v)}
        </div>,
      );
  }
  return (
    <div {...a} class="ui-generic">
      {parts}
    </div>
  );
}
