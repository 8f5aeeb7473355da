import type { UIAction } from "./types.js";
import { COLORS, action, node, num, oneOf, str, type ChartType, type Color } from "./props.js";
import { navigate, open } from "./actions.js";

// ---- feedback & media ----------------------------------------------------------------------------------

/** A line/bar/area/pie chart over rows of data. */
export function chart(props: {
  type: ChartType;
  data: readonly Record<string, unknown>[];
  xKey: string;
  yKeys: readonly string[];
  height?: number;
  title?: string;
}) {
  if (!Array.isArray(props?.data) || !Array.isArray(props.yKeys))
    throw new TypeError("ui.chart: data and yKeys must be arrays.");
  return node("chart", {
    type:
      oneOf("chart", "type", props.type, ["line", "bar", "area", "pie"] as const) ??
      (() => {
        throw new TypeError("ui.chart: type is required.");
      })(),
    data: props.data.map((d) => ({ ...d })),
    xKey: str("chart", "xKey", props.xKey)!,
    yKeys: [...props.yKeys],
    height: num("chart", "height", props.height),
    title: str("chart", "title", props.title, true),
  });
}
/** A progress bar. */
export function progress(value: number, props: { max?: number; label?: string; color?: Color } = {}) {
  return node("progress", {
    value: num("progress", "value", value)!,
    max: num("progress", "max", props.max),
    label: str("progress", "label", props.label, true),
    color: oneOf("progress", "color", props.color, COLORS),
  });
}
/** An image. */
export function image(
  src: string,
  props: { alt?: string; width?: number; height?: number; fit?: "cover" | "contain" } = {},
) {
  return node("image", {
    src: str("image", "src", src)!,
    alt: str("image", "alt", props.alt, true),
    width: num("image", "width", props.width),
    height: num("image", "height", props.height),
    fit: oneOf("image", "fit", props.fit, ["cover", "contain"] as const),
  });
}
/** A link: http(s) targets open externally, paths navigate, or any action. */
export function link(label: string, target: string | UIAction, props: { external?: boolean } = {}) {
  const onClick =
    typeof target === "string"
      ? /^https?:\/\//i.test(target)
        ? open(target)
        : navigate(target)
      : action("link", "target", target);
  return node("link", { label: str("link", "label", label)!, onClick, external: props.external });
}
