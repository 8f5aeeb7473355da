// Whose verb the step says: a read tool's own first word ("audit"), a look at one thing that a lookup tool serves,
// an order about the item named before a colon; each on a catalog made up here.
import { describe, expect, it } from "vitest";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
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

const pumps: CatalogEntry[] = [
  tool("list_pumps", "read", obj({}), "List the pumps."),
  tool("pause_pump", "write", obj({ pump_id: S }, ["pump_id"]), "Pause a pump."),
  tool("resume_pump", "write", obj({ pump_id: S }, ["pump_id"]), "Resume a paused pump."),
  tool(
    "update_pump",
    "write",
    obj({ pump_id: S, alerts: { type: "string", enum: ["all", "failures", "none"] } }, ["pump_id"]),
    "Change a pump: its rate or its alerts.",
  ),
];
const pumpList = [
  {
    text: JSON.stringify([
      {
        tool: "list_pumps",
        data: {
          pumps: [
            { pump_id: "p_4", name: "Well house", failing: true },
            { pump_id: "p_7", name: "Barn", failing: true },
          ],
        },
      },
    ]),
  },
];

describe("'stop' where the catalog pauses", () => {
  it("'stop the second failing one' pauses it, and changes no alerts", () => {
    expect(run("stop the second failing one", pumps, { factLedger: pumpList }).plan).toEqual([
      { tool: "pause_pump", args: { pump_id: "p_7" } },
    ]);
  });
  it("'stop all alerts from the second one' pauses nothing", () => {
    expect(run("stop all alerts from the second one", pumps, { factLedger: pumpList }).plan[0]?.tool).toBe(
      "update_pump",
    );
  });
});

const lanes: CatalogEntry[] = [
  tool(
    "create_ticket",
    "write",
    obj({ title: S, lane: S, description: { ...S, default: "" } }, ["title", "lane"]),
    "Create a ticket in a lane.",
  ),
  tool("move_ticket", "write", obj({ ticket: S, lane: S }, ["ticket", "lane"]), "Move a ticket to another lane."),
  tool("comment_ticket", "write", obj({ ticket: S, text: S }, ["ticket", "text"]), "Add a comment to a ticket."),
];
const desk = () => ({
  entities: snapshotEntities([{ data: { tickets: [{ id: "tk_1", name: "Printer jam", lane: "Open" }] } }]),
});

describe("a note put on an item, where the catalog has comments", () => {
  it("'put a note on the printer jam ticket saying toner ordered' comments on it", () => {
    const r = run("put a note on the printer jam ticket saying toner ordered", lanes, desk());
    expect(r.plan).toEqual([{ tool: "comment_ticket", args: { ticket: "Printer jam", text: "toner ordered" } }]);
  });
  it("'put the printer jam ticket in Done' still moves it", () => {
    expect(run("put the printer jam ticket in Done", lanes, desk()).plan).toEqual([
      { tool: "move_ticket", args: { ticket: "Printer jam", lane: "Done" } },
    ]);
  });
  it("'put 'Refill paper' in Inbox with the note 'tray 2'' makes a ticket with that description", () => {
    expect(run("put 'Refill paper' in Inbox with the note 'tray 2 first'", lanes, desk()).plan).toEqual([
      { tool: "create_ticket", args: { title: "Refill paper", lane: "Inbox", description: "tray 2 first" } },
    ]);
  });
});
