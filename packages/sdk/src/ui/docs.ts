// Renders docs/ui.md from the node definitions (the same ones the builders and the checks use).
import { COMMON_PROPS, type NodeDef, type PropSpec } from "./spec.js";

const GROUP_TITLES: Record<string, string> = {
  layout: "Layout",
  data: "Data",
  display: "Display",
  interactive: "Interactive",
  feedback: "Feedback",
  inputs: "Inputs",
  graph: "Graph",
};

function kind(s: PropSpec): string {
  switch (s.kind) {
    case "enum": {
      const alias = s.aliases
        ? ` (also ${Object.entries(s.aliases)
            .map(([a, v]) => `\`${a}\`=\`${v}\``)
            .join(", ")})`
        : "";
      return s.values!.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ") + alias;
    }
    case "array":
      return `${kind(s.of!)}[]`;
    case "object":
      return `{ ${Object.entries(s.fields!)
        .map(([k, f]) => `${k}${f.required ? "" : "?"}: ${kind(f)}`)
        .join(", ")} }`;
    case "children":
      return "nodes";
    case "text":
      return "string \\| number";
    case "record":
      return "object";
    default:
      return s.kind;
  }
}

function table(props: Readonly<Record<string, PropSpec>>): string[] {
  const rows = ["| prop | type | required | description |", "|---|---|---|---|"];
  for (const [k, s] of Object.entries(props))
    rows.push(`| \`${k}\` | ${kind(s).replace(/\|(?!\s)/g, "\\|")} | ${s.required ? "yes" : ""} | ${s.description} |`);
  return rows;
}

/** The whole docs/ui.md text. */
export function renderUiDocs(defs: Readonly<Record<string, NodeDef>>): string {
  const out = [
    "# UI nodes",
    "",
    "<!-- Generated from packages/sdk/src/ui/nodes by `pnpm --filter @imperal/sdk gen:ui-docs`; do not edit. -->",
    "",
    "Every builder returns plain JSON `{ type, props }`. Leading arguments are listed in the signature; every other",
    "prop goes in the trailing props object. An unknown prop, a prop of the wrong kind or an enum value outside its",
    "list is a type error and a run-time `TypeError` naming the node and the prop (`ui.alert: type must be one of ...`).",
    "Undefined props are dropped.",
    "",
    "## Props every node takes",
    "",
    ...table(COMMON_PROPS),
    "",
    "## Actions",
    "",
    "| builder | result |",
    "|---|---|",
    '| `ui.call(fn, params?, { confirm? })` | `{ action: "call", function, params }`; `ui.call("__panel__<id>", props)` opens or re-renders a panel |',
    '| `ui.send(message, { confirm? })` | `{ action: "send", message }`: posts a chat message as the user |',
    '| `ui.open(url, { confirm? })` | `{ action: "open", url }`: http(s) only |',
    '| `ui.navigate(path, { confirm? })` | `{ action: "navigate", path }` |',
    "",
    "`confirm` is a question the UI asks before running the action (the kernel's own confirmation policy still",
    "applies to the call after that).",
  ];
  let group = "";
  for (const def of Object.values(defs)) {
    if (def.group !== group) {
      group = def.group;
      out.push("", `## ${GROUP_TITLES[group] ?? group}`);
    }
    const sig = [...def.args, "props?"].join(", ");
    const alias = def.alias?.length ? ` (also \`ui.${def.alias.join("`, `ui.")}\`)` : "";
    out.push(
      "",
      `### \`ui.${def.name}(${sig})\`${alias}`,
      "",
      `Type \`${def.type}\`. ${def.description}`,
      "",
      ...table(def.props),
    );
  }
  out.push("");
  return out.join("\n");
}
