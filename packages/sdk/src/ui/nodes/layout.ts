// Layout nodes: containers that arrange other nodes.
import { defineNode, p } from "../spec.js";
import { ALIGN, COLUMNS, JUSTIFY } from "./shared.js";

const flex = {
  gap: p.number("Space between children, px."),
  align: p.enum(ALIGN, "Cross-axis alignment."),
  justify: p.enum(JUSTIFY, "Main-axis distribution."),
  wrap: p.boolean("Wrap children onto new lines."),
} as const;

export const stack = defineNode({
  type: "stack",
  group: "layout",
  description: "Lays children out vertically (default) or horizontally.",
  args: ["children"],
  props: {
    children: p.children("The nodes inside.").req(),
    direction: p.enum(["vertical", "horizontal"], "Main axis.", {
      v: "vertical",
      h: "horizontal",
      column: "vertical",
      row: "horizontal",
    }),
    ...flex,
  },
});
export const row = defineNode({
  type: "row",
  group: "layout",
  description: "A horizontal stack.",
  args: ["children"],
  props: { children: p.children("The nodes inside, left to right.").req(), ...flex },
});
export const column = defineNode({
  type: "column",
  group: "layout",
  description: "A vertical stack.",
  args: ["children"],
  props: { children: p.children("The nodes inside, top to bottom.").req(), ...flex },
});
export const grid = defineNode({
  type: "grid",
  group: "layout",
  description: "Lays children out in 1-6 equal columns.",
  args: ["children"],
  props: {
    children: p.children("The cells.").req(),
    columns: p.enum(COLUMNS, "Number of columns."),
    gap: p.number("Space between cells, px."),
  },
});
export const tabs = defineNode({
  type: "tabs",
  group: "layout",
  description: "Tabbed content; each tab has an id, a label and one node.",
  args: ["tabs"],
  props: {
    tabs: p
      .array(
        p.object(
          {
            id: p.string("Tab id.").req(),
            label: p.string("Tab label.").req(),
            content: p.node("The tab's content.").req(),
          },
          "One tab.",
        ),
        "The tabs.",
      )
      .req(),
    defaultTab: p.string("Id of the tab shown first."),
  },
  refine: (props, fail) => {
    const ids = (props.tabs as Array<{ id: string }>).map((t) => t.id);
    if (props.defaultTab !== undefined && !ids.includes(props.defaultTab as string))
      fail("defaultTab", `must be one of the tab ids (${ids.join(", ")}).`);
  },
});
export const page = defineNode({
  type: "page",
  group: "layout",
  description: "A full page with a title.",
  args: ["children"],
  props: {
    children: p.children("The page's content.").req(),
    title: p.string("Page title."),
    subtitle: p.string("Line under the title."),
  },
});
export const section = defineNode({
  type: "section",
  group: "layout",
  description: "A titled group of children, optionally collapsible.",
  args: ["title", "children"],
  props: {
    title: p.string("Section title.").req(),
    children: p.children("The nodes inside.").req(),
    collapsible: p.boolean("The user can fold it."),
    collapsed: p.boolean("Starts folded."),
  },
});
export const accordion = defineNode({
  type: "accordion",
  group: "layout",
  description: "Sections that fold open one at a time (or several with allowMultiple).",
  args: ["sections"],
  props: {
    sections: p
      .array(
        p.object(
          {
            id: p.string("Section id.").req(),
            title: p.string("Header text.").req(),
            children: p.children("Content shown when open.").req(),
            open: p.boolean("Starts open."),
          },
          "One section.",
        ),
        "The sections.",
      )
      .req(),
    allowMultiple: p.boolean("Several sections may be open at once."),
  },
});
export const card = defineNode({
  type: "card",
  group: "layout",
  description: "A bordered container, optionally clickable.",
  args: ["children"],
  props: {
    children: p.children("The card's content.").req(),
    title: p.string("Card title."),
    subtitle: p.string("Line under the title."),
    onClick: p.action("Runs when the card is clicked."),
    footer: p.node("Node shown at the bottom."),
  },
});
