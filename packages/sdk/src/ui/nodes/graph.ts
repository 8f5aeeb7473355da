// The graph node: nodes and edges laid out by the host.
import { defineNode, p } from "../spec.js";
import { color } from "./shared.js";

export const graph = defineNode({
  type: "graph",
  group: "graph",
  description: "Nodes and edges, laid out by the host.",
  props: {
    nodes: p
      .array(
        p.object({ id: p.string("Node id.").req(), label: p.string("Shown text."), color: color() }, "One node."),
        "The nodes.",
      )
      .req(),
    edges: p
      .array(
        p.object(
          {
            source: p.string("Id of the start node.").req(),
            target: p.string("Id of the end node.").req(),
            label: p.string("Shown on the edge."),
          },
          "One edge.",
        ),
        "The edges.",
      )
      .req(),
    layout: p.enum(["force", "tree", "circle", "grid"], "Layout algorithm."),
    height: p.number("Height, px."),
    onNodeClick: p.action("Runs when a node is clicked; params get node_id."),
  },
  refine: (props, fail) => {
    const ids = new Set((props.nodes as Array<{ id: string }>).map((n) => n.id));
    (props.edges as Array<{ source: string; target: string }>).forEach((e, i) => {
      if (!ids.has(e.source)) fail(`edges[${i}].source`, `names no node (${JSON.stringify(e.source)}).`);
      if (!ids.has(e.target)) fail(`edges[${i}].target`, `names no node (${JSON.stringify(e.target)}).`);
    });
  },
});
