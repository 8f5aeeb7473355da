// Interactive nodes: buttons, menus, overlays and links.
import { accepting, defineNode, p } from "../spec.js";
import type { UIAction } from "../types.js";
import { size } from "./shared.js";

export const button = defineNode({
  type: "button",
  group: "interactive",
  description: "A button that runs an action.",
  args: ["label"],
  props: {
    label: p.string("Button text.").req(),
    onClick: p.action("Runs on click (an action's confirm asks first)."),
    variant: p.enum(["primary", "secondary", "ghost", "danger", "outline"], "Style.", { destructive: "danger" }),
    size: size(),
    icon: p.string("Icon name."),
    disabled: p.boolean("Shown but not clickable."),
    fullWidth: p.boolean("Fills its container's width."),
  },
});
export const backButton = defineNode({
  type: "backButton",
  group: "interactive",
  description: "A back arrow with a label (default Back).",
  props: { label: p.string("Text beside the arrow."), onClick: p.action("Where back goes.").req() },
});
export const menu = defineNode({
  type: "menu",
  group: "interactive",
  description: "A dropdown of actions and separators.",
  args: ["items"],
  props: {
    items: p
      .array(
        p.object(
          {
            label: p.string("Item text."),
            onClick: p.action("Runs when chosen."),
            icon: p.string("Icon name."),
            danger: p.boolean("Shown in red."),
            separator: p.boolean("A line instead of an item."),
          },
          "One item (or { separator: true }).",
        ),
        "The items.",
      )
      .req(),
    label: p.string("Trigger text."),
    icon: p.string("Trigger icon."),
  },
  refine: (props, fail) => {
    (props.items as Array<Record<string, unknown>>).forEach((it, i) => {
      if (!it.separator && (typeof it.label !== "string" || !it.onClick))
        fail(`items[${i}]`, "needs a label and an onClick (or separator: true).");
    });
  },
});
const modalProps = {
  children: p.children("The dialog's content.").req(),
  title: p.string("Dialog title.").req(),
  size: p.enum(["xs", "sm", "md", "lg", "xl", "full"], "Width."),
  trigger: p.node("A node that opens the dialog when clicked."),
  open: p.boolean("Shown open."),
  confirmLabel: p.string("Text of the confirm button."),
  cancelLabel: p.string("Text of the cancel button."),
  onConfirm: p.action("Runs on confirm (then the dialog closes)."),
  onClose: p.action("Runs when dismissed."),
  destructive: p.boolean("The confirm button is styled as dangerous."),
} as const;
export const modal = defineNode({
  type: "modal",
  group: "interactive",
  description: "A dialog with a title and a size (ui.dialog is the same node).",
  args: ["children"],
  props: modalProps,
  alias: ["dialog"],
});
export const tooltip = defineNode({
  type: "tooltip",
  group: "interactive",
  description: "Shows a hint when the pointer rests on its children.",
  args: ["content", "children"],
  props: {
    content: p.string("The hint.").req(),
    children: p.children("What the hint is about.").req(),
    side: p.enum(["top", "right", "bottom", "left"], "Where the hint appears."),
  },
});
export const slideOver = defineNode({
  type: "slideOver",
  group: "interactive",
  description: "A panel sliding in from the side.",
  args: ["children"],
  props: {
    children: p.children("The content.").req(),
    title: p.string("Header text."),
    open: p.boolean("Shown open."),
    side: p.enum(["left", "right"], "Edge it slides from."),
    width: p.number("Width, px."),
    onClose: p.action("Runs when dismissed."),
  },
});
export const link = defineNode({
  type: "link",
  group: "interactive",
  description: "A link: http(s) targets open externally, paths navigate, or any action.",
  args: ["label", "onClick"],
  props: {
    label: p.string("Link text.").req(),
    onClick: accepting<string | UIAction>()(p.action("A URL, a path or an action.").req()),
    external: p.boolean("Marked as leaving the app."),
  },
  prepare: (props) => {
    const t = props.onClick;
    if (typeof t === "string")
      props.onClick = /^https?:\/\//i.test(t) ? { action: "open", url: t } : { action: "navigate", path: t };
  },
});
