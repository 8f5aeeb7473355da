// One sample node per definition, built from the props' kinds: the gallery panel the inspector's tests render, and
// the smallest valid call of every builder for the kit's own tests.
import { buildNode } from "./check.js";
import type { NodeDef, PropSpec } from "./spec.js";
import type { UINode } from "./types.js";

function sample(spec: PropSpec, name: string): unknown {
  switch (spec.kind) {
    case "string":
      return name === "src" || name === "poster" ? "https://example.com/sample" : `sample ${name}`;
    case "number":
      return 1;
    case "boolean":
      return true;
    case "text":
      return 42;
    case "enum":
      return spec.values![0];
    case "node":
      return { type: "text", props: { content: `sample ${name}` } };
    case "children":
      return [{ type: "text", props: { content: `sample ${name}` } }];
    case "action":
      return { action: "call", function: "noop", params: {} };
    case "array":
      return [sample(spec.of!, name)];
    case "object":
      // Every field, optional ones too: the gallery shows what a node can carry.
      return Object.fromEntries(
        Object.entries(spec.fields!).map(([k, s]) => [
          k,
          k === "id" || k === "source" || k === "target" ? "n1" : sample(s, k),
        ]),
      );
    case "record":
      return { sample: name };
    case "json":
      return spec.example;
  }
}

/** The smallest valid node of a definition: every required prop set to a sample of its kind. */
export function sampleNode(def: NodeDef): UINode {
  const props = Object.fromEntries(
    Object.entries(def.props)
      .filter(([, s]) => s.required)
      .map(([k, s]) => [k, sample(s, k)]),
  );
  // Nodes whose refine wants one of two optional props.
  if (def.name === "badge") props.label = "sample";
  if (def.name === "avatar") props.name = "Sample Person";
  if (def.name === "stats") props.children = [{ type: "stat", props: { label: "sample", value: 42 } }];
  const args = def.args.map((a) => props[a]);
  const rest = Object.fromEntries(Object.entries(props).filter(([k]) => !def.args.includes(k)));
  return buildNode(def, Object.keys(rest).length ? [...args, rest] : args);
}

/** A page holding one sample of every node (what `data-node` tests render). */
export function galleryPage(defs: Readonly<Record<string, NodeDef>>): UINode {
  return {
    type: "page",
    props: { title: "UI gallery", children: Object.values(defs).map((d) => sampleNode(d)) },
  };
}
