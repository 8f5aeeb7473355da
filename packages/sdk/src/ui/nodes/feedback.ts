// Feedback nodes: alerts, toasts, progress, charts, loading and error states.
import { defineNode, p } from "../spec.js";
import { color, size } from "./shared.js";

const ALERT_TYPES = ["info", "success", "warn", "error"] as const;
const ALERT_ALIASES = { warning: "warn", danger: "error", ok: "success", notice: "info" } as const;

export const alert = defineNode({
  type: "alert",
  group: "feedback",
  description: "An info/success/warn/error banner (default info; warning and danger are accepted).",
  args: ["message"],
  props: {
    message: p.string("The message.").req(),
    type: p.enum(ALERT_TYPES, "Severity.", ALERT_ALIASES),
    title: p.string("Bold first line."),
  },
  refine: (props) => {
    props.type ??= "info";
  },
});
export const toast = defineNode({
  type: "toast",
  group: "feedback",
  description: "A short message that disappears by itself.",
  args: ["message"],
  props: {
    message: p.string("The message.").req(),
    type: p.enum(ALERT_TYPES, "Severity.", ALERT_ALIASES),
    durationMs: p.number("How long it stays (default 4000)."),
  },
});
export const progress = defineNode({
  type: "progress",
  group: "feedback",
  description: "A progress bar.",
  args: ["value"],
  props: {
    value: p.number("Current value.").req(),
    max: p.number("Value at 100% (default 100)."),
    label: p.string("Text beside the bar."),
    color: color(),
    variant: p.enum(["bar", "circle"], "Shape."),
  },
});
export const chart = defineNode({
  type: "chart",
  group: "feedback",
  description: "A line/bar/area/pie chart over rows of data.",
  props: {
    type: p.enum(["line", "bar", "area", "pie"], "Chart kind.").req(),
    data: p.array(p.record("One row: field -> value."), "The rows.").req(),
    xKey: p.string("Field on the x axis (pie: the slice label).").req(),
    yKeys: p.array(p.string("A field."), "Fields plotted (pie: the first is the size).").req(),
    height: p.number("Height, px."),
    title: p.string("Chart title."),
    colors: p.array(p.string("A CSS colour."), "Series colours."),
  },
});
export const loading = defineNode({
  type: "loading",
  group: "feedback",
  description: "A spinner with an optional label.",
  props: { label: p.string("What is loading."), size: size() },
});
export const error = defineNode({
  type: "error",
  group: "feedback",
  description: "An error state with an optional retry action.",
  args: ["message"],
  props: {
    message: p.string("What went wrong, in the user's words.").req(),
    title: p.string("Bold first line."),
    retry: p.action("Runs when the user presses Retry."),
  },
});
