// Data nodes: lists, tables, metrics and structured values.
import { accepting, defineNode, p } from "../spec.js";
import { COLUMNS, color, size } from "./shared.js";

export const list = defineNode({
  type: "list",
  group: "data",
  description: "A list of nodes (usually ui.listItem), optionally searchable and paged.",
  args: ["children"],
  props: {
    children: p.children("The rows.").req(),
    emptyMessage: p.string("Shown when there are no rows."),
    dividers: p.boolean("Lines between rows."),
    searchable: p.boolean("A search box filters the rows by their text."),
    pageSize: p.number("Rows per page (pages client-side)."),
  },
  refine: (props, fail) => {
    if (props.pageSize !== undefined && (!Number.isInteger(props.pageSize) || (props.pageSize as number) < 1))
      fail("pageSize", "must be a positive integer.");
  },
});
export const listItem = defineNode({
  type: "listItem",
  group: "data",
  description: "One row of a list: clickable, with actions, draggable, expandable.",
  props: {
    title: p.string("Main text.").req(),
    subtitle: p.string("Second line."),
    icon: p.string("Icon name (lucide)."),
    avatar: p.string("Avatar image URL or initials."),
    badge: p.node("A ui.badge shown at the end."),
    meta: p.string("Small text at the end (a date, a count)."),
    selected: p.boolean("Highlighted as the current row."),
    onClick: p.action("Runs when the row is clicked."),
    actions: p.children("Buttons shown on the row (their actions may carry confirm)."),
    draggable: p.boolean("The row can be dragged."),
    droppable: p.boolean("Rows can be dropped on this one (see onDrop)."),
    onDrop: p.action("Runs when a row is dropped here; params get dragged_id."),
    expandable: p.boolean("The row folds open to show expandedContent."),
    expandedContent: p.node("Shown when the row is open."),
  },
  refine: (props, fail) => {
    if (props.droppable && !props.onDrop) fail("onDrop", "is required when droppable is set.");
    if (props.expandable && !props.expandedContent) fail("expandedContent", "is required when expandable is set.");
  },
});
export const dataTable = defineNode({
  type: "dataTable",
  group: "data",
  description: "A table with typed columns and rows of data.",
  props: {
    columns: p
      .array(
        p.object(
          {
            key: p.string("Row field shown in this column.").req(),
            label: p.string("Column header.").req(),
            align: p.enum(["left", "center", "right"], "Cell alignment."),
            width: p.number("Column width, px."),
            sortable: p.boolean("The user can sort by this column."),
          },
          "One column.",
        ),
        "The columns.",
      )
      .req(),
    rows: p.array(p.record("One row: field -> value."), "The rows.").req(),
    onRowClick: p.action("Runs when a row is clicked; params get the row."),
    emptyMessage: p.string("Shown when there are no rows."),
  },
});
export const stat = defineNode({
  type: "stat",
  group: "data",
  description: "One metric with an optional change and trend.",
  args: ["label", "value"],
  props: {
    label: p.string("What is measured.").req(),
    value: p.text("The figure.").req(),
    change: p.string("Change shown beside it (e.g. +3%)."),
    trend: p.enum(["up", "down", "flat"], "Direction of the change."),
    color: color(),
    icon: p.string("Icon name."),
  },
});
export const stats = defineNode({
  type: "stats",
  group: "data",
  description: "A row of ui.stat nodes.",
  args: ["children"],
  props: {
    children: p.children("ui.stat nodes.").req(),
    columns: p.enum(COLUMNS, "Stats per row."),
  },
  refine: (props, fail) => {
    if ((props.children as Array<{ type: string }>).some((n) => n.type !== "stat"))
      fail("children", "must be ui.stat(...) nodes.");
  },
});
export const badge = defineNode({
  type: "badge",
  group: "data",
  description: "A small coloured label (text, or a count as value).",
  args: ["label"],
  props: {
    label: p.text("Text (or a number)."),
    value: p.number("A count shown instead of label."),
    color: color(),
    variant: p.enum(["solid", "outline", "subtle"], "Fill style."),
  },
  refine: (props, fail) => {
    if (props.label === undefined && props.value === undefined) fail("label", "or value is required.");
  },
});
export const avatar = defineNode({
  type: "avatar",
  group: "data",
  description: "A round picture or the initials of a name.",
  args: ["name"],
  props: {
    name: p.string("Whose avatar (initials come from it)."),
    src: p.string("Image URL (https or data:)."),
    size: size(),
    color: color("Background behind initials."),
  },
  refine: (props, fail) => {
    if (props.name === undefined && props.src === undefined) fail("name", "or src is required.");
  },
});
export const timeline = defineNode({
  type: "timeline",
  group: "data",
  description: "Events in time order.",
  args: ["items"],
  props: {
    items: p
      .array(
        p.object(
          {
            title: p.string("What happened.").req(),
            time: p.string("When (ISO or display text)."),
            description: p.string("Details."),
            icon: p.string("Icon name."),
            color: color(),
          },
          "One event.",
        ),
        "The events.",
      )
      .req(),
  },
});
/** A tree node: `{ id, label, icon?, children?: TreeNode[] }` (checked recursively). */
export interface TreeNode {
  id: string;
  label: string;
  icon?: string;
  children?: TreeNode[];
}
export const tree = defineNode({
  type: "tree",
  group: "data",
  description: "A folding hierarchy of labelled nodes.",
  args: ["nodes"],
  props: {
    nodes: p
      .array(p.json("{ id, label, icon?, children? }", { id: "n1", label: "Node" }), "The top-level nodes.")
      .req(),
    onSelect: p.action("Runs when a node is clicked; params get node_id."),
  },
  refine: (props, fail) => {
    const walk = (list: unknown, path: string, depth: number): void => {
      if (depth > 32) fail(path, "nests deeper than 32 levels.");
      if (!Array.isArray(list)) fail(path, "must be an array of tree nodes.");
      (list as unknown[]).forEach((n, i) => {
        const t = n as Partial<TreeNode> | null;
        if (!t || typeof t.id !== "string" || typeof t.label !== "string")
          return fail(`${path}[${i}]`, "must be { id: string, label: string, icon?, children? }.");
        const extra = Object.keys(t).filter((k) => !["id", "label", "icon", "children"].includes(k));
        if (extra.length)
          fail(`${path}[${i}].${extra[0]}`, "is not a prop of a tree node (known: id, label, icon, children).");
        if (t.children !== undefined) walk(t.children, `${path}[${i}].children`, depth + 1);
      });
    };
    walk(props.nodes, "nodes", 0);
  },
});
type Scalar = string | number | boolean | null;
const scalar = p.json("A string, number, boolean or null.", "value");
export const keyValue = defineNode({
  type: "keyValue",
  group: "data",
  description: "Key/value pairs (scalar values only); an object is taken as its entries.",
  args: ["items"],
  props: {
    items: accepting<readonly { key: string; value: Scalar }[] | Readonly<Record<string, Scalar>>>()(
      p.array(p.object({ key: p.string("Key.").req(), value: scalar.req() }, "One pair."), "The pairs.").req(),
    ),
    columns: p.enum([1, 2, 3], "Pairs per row."),
  },
  prepare: (props) => {
    const it = props.items;
    if (it && typeof it === "object" && !Array.isArray(it))
      props.items = Object.entries(it).map(([key, value]) => ({ key, value }));
  },
  refine: (props, fail) => {
    (props.items as Array<{ value: unknown }>).forEach((it, i) => {
      if (it.value !== null && !["string", "number", "boolean"].includes(typeof it.value))
        fail(`items[${i}].value`, "must be a scalar: values must be scalars (string, number, boolean or null).");
    });
  },
});
