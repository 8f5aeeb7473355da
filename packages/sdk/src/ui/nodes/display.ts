// Display nodes: text, code, media and static content.
import { defineNode, p } from "../spec.js";
import { color, size } from "./shared.js";
import { sanitizeHtml } from "../html.js";

export const text = defineNode({
  type: "text",
  group: "display",
  description: "A run of text.",
  args: ["content"],
  props: {
    content: p.string("The text.").req(),
    variant: p.enum(["body", "caption", "label", "muted", "subheading"], "Typographic role."),
    weight: p.enum(["normal", "medium", "bold"], "Font weight."),
    color: color(),
  },
});
export const header = defineNode({
  type: "header",
  group: "display",
  description: "A heading (levels 1-4).",
  args: ["text"],
  props: {
    text: p.string("The heading.").req(),
    level: p.enum([1, 2, 3, 4], "1 is the largest."),
    subtitle: p.string("Line under the heading."),
  },
});
export const markdown = defineNode({
  type: "markdown",
  group: "display",
  description: "Markdown content rendered by the host (no raw HTML).",
  args: ["content"],
  props: { content: p.string("Markdown source.").req() },
});
export const code = defineNode({
  type: "code",
  group: "display",
  description: "A code block.",
  args: ["content"],
  props: { content: p.string("The code.").req(), language: p.string("Language for highlighting.") },
});
export const divider = defineNode({
  type: "divider",
  group: "display",
  description: "A horizontal rule, optionally labelled.",
  props: { label: p.string("Text on the rule.") },
});
export const empty = defineNode({
  type: "empty",
  group: "display",
  description: "An empty state with a message.",
  args: ["message"],
  props: {
    message: p.string("What is empty and what to do.").req(),
    icon: p.string("Icon name."),
    action: p.node("A button to get started."),
  },
});
export const icon = defineNode({
  type: "icon",
  group: "display",
  description: "An icon (lucide names).",
  args: ["name"],
  props: { name: p.string("Icon name, e.g. check or trash-2.").req(), size: size(), color: color() },
});
export const image = defineNode({
  type: "image",
  group: "display",
  description: "An image.",
  args: ["src"],
  props: {
    src: p.string("Image URL (https or data:).").req(),
    alt: p.string("Text for screen readers."),
    width: p.number("Width, px."),
    height: p.number("Height, px."),
    fit: p.enum(["cover", "contain"], "How it fills its box."),
  },
});
export const html = defineNode({
  type: "html",
  group: "display",
  description: "HTML, sanitized: scripts, event handlers, styles and non-http(s) links are removed.",
  args: ["content"],
  props: { content: p.string("HTML source (sanitized when built; hosts sanitize again).").req() },
  refine: (props) => {
    props.content = sanitizeHtml(props.content as string);
  },
});
const httpsOnly = (prop: string) => (props: Record<string, unknown>, fail: (p: string, why: string) => never) => {
  if (typeof props[prop] === "string" && !/^(https?:\/\/|data:(video|audio|image)\/)/i.test(props[prop] as string))
    fail(prop, "must be an http(s) URL or a media data: URL.");
};
export const video = defineNode({
  type: "video",
  group: "display",
  description: "A video player.",
  args: ["src"],
  props: {
    src: p.string("Video URL.").req(),
    poster: p.string("Image shown before playing."),
    controls: p.boolean("Show the player's controls (default true)."),
    autoplay: p.boolean("Start muted on display."),
  },
  refine: httpsOnly("src"),
});
export const audio = defineNode({
  type: "audio",
  group: "display",
  description: "An audio player.",
  args: ["src"],
  props: { src: p.string("Audio URL.").req(), title: p.string("Shown above the player.") },
  refine: httpsOnly("src"),
});
