// Whose verb the step says: a read tool's own first word ("audit"), a look at one thing that a lookup tool serves,
// an order about the item named before a colon; each on a catalog made up here.
import { describe, expect, it } from "vitest";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";
import { obj, run, S, tool } from "./catalog-kit.js";

const hosts: JsonSchema = { type: "array", items: S };
const farm: CatalogEntry[] = [
  tool("list_herds", "read", obj({}), "List herds."),
  tool("weigh_sheep", "read", obj({ sheep: hosts }, ["sheep"]), "Weigh up to ten sheep and summarise."),
  tool(
    "update_herd",
    "write",
    obj({ herd_id: S, name: { ...S, default: "" }, sheep: { ...hosts, default: [] } }, ["herd_id"]),
    "Rename a herd or change its sheep.",
  ),
  tool("fleece_check", "write", obj({ sheep: S, part: { ...S, enum: ["full", "wool", "hooves"] } }, ["sheep"])),
  tool("udder_check", "write", obj({ sheep: S }, ["sheep"]), "Check the udder of one sheep now."),
  tool("wool_lookup", "read", obj({ sheep: S }, ["sheep"]), "Look up the wool grades of a sheep."),
];
const ledger = [
  {
    text: JSON.stringify([
      { tool: "list_herds", data: { herds: [{ herd_id: "h_hill", name: "Hill", sheep: ["dolly", "molly"] }] } },
    ]),
  },
];

describe("a read tool's own first word", () => {
  it("'weigh all the sheep in the Hill herd' weighs them and edits no herd", () => {
    const r = run("weigh all the sheep in the hill herd", farm, { factLedger: ledger });
    expect(r.plan.map((p) => p.tool)).toEqual(["weigh_sheep"]);
  });
  it("'rename the Hill herd to Valley' still edits the herd", () => {
    const r = run("rename the hill herd to Valley", farm, { factLedger: ledger });
    expect(r.plan).toEqual([
      { tool: "update_herd", args: expect.objectContaining({ herd_id: "h_hill", name: "Valley" }) },
    ]);
  });
});

describe("a look at one thing", () => {
  it("'check the wool grades for dolly' is the lookup, not a check that writes", () => {
    expect(run("check the wool grades for dolly", farm).plan.map((p) => p.tool)).toEqual(["wool_lookup"]);
  });
  it("'check the udder of dolly' is still the udder check", () => {
    expect(run("check the udder of dolly", farm).plan.map((p) => p.tool)).toEqual(["udder_check"]);
  });
});

describe("an order about the item before the colon", () => {
  const pens: CatalogEntry[] = [
    tool("list_pens", "read", obj({}), "List pens."),
    tool("add_pen", "write", obj({ title: S, size: { ...S, enum: ["small", "large"] } }, ["title"]), "Add a pen."),
    tool(
      "edit_pen",
      "write",
      obj({ pen_id: S, title: S, size: { ...S, enum: ["small", "large"] } }, ["pen_id"]),
      "Edit a pen.",
    ),
  ];
  const seen = [
    { text: JSON.stringify([{ tool: "list_pens", data: { pens: [{ pen_id: "p_3", title: "Lambing pen north" }] } }]) },
  ];
  it("'lambing pen: make it large' edits that pen", () => {
    expect(run("lambing pen: make it large", pens, { factLedger: seen }).plan).toEqual([
      { tool: "edit_pen", args: expect.objectContaining({ pen_id: "p_3", size: "large" }) },
    ]);
  });
  it("'pen: lambing corner' is still a new pen", () => {
    expect(run("pen: lambing corner", pens, { factLedger: seen }).plan).toEqual([
      { tool: "add_pen", args: expect.objectContaining({ title: "lambing corner" }) },
    ]);
  });
});

describe("how often, instead", () => {
  const watch: CatalogEntry[] = [
    tool("run_patrol", "write", obj({ patrol_id: S }, ["patrol_id"]), "Run a patrol now."),
    tool(
      "update_patrol",
      "write",
      obj({ patrol_id: S, interval_hours: { type: "integer" } }, ["patrol_id"]),
      "Change a patrol: how often it runs.",
    ),
  ];
  const given = [{ id: "p_gate", label: "Gate", key: "patrol_id" }];
  it("'patrol the gate every 4 hours instead' changes how often it runs, it runs nothing now", () => {
    expect(run("run the gate patrol every 4 hours instead", watch, { entities: given }).plan).toEqual([
      { tool: "update_patrol", args: { patrol_id: "p_gate", interval_hours: 4 } },
    ]);
  });
  it("'run the gate patrol now' still runs it", () => {
    expect(run("run the gate patrol now", watch, { entities: given }).plan.map((p) => p.tool)).toEqual(["run_patrol"]);
  });
});
