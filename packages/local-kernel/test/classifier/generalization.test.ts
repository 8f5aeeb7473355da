// The general rules of the embedded classifier, each on a catalog made up here (never an eval catalog): items known
// only by their label, places, typos, field removal, repeated steps, bulk calls, triggers and settings.
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../src/chat/safety.js";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { I, obj, run, S, tool } from "./catalog-kit.js";
import { FactLedger } from "../../src/facts/index.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";

const kanban: CatalogEntry[] = [
  tool("list_tiles", "read", obj({ wall: S, lane: S }, ["wall"]), "List the tiles of a wall."),
  tool("add_tile", "write", obj({ title: S, lane: S, wall: S }, ["title", "lane"]), "Add a tile to a lane."),
  tool("move_tile", "write", obj({ tile: S, lane: S }, ["tile", "lane"]), "Move a tile to another lane."),
  tool("delete_tile", "destructive", obj({ tile: S }, ["tile"]), "Delete a tile."),
];
const kanbanLedger = () => {
  const l = new FactLedger();
  l.addTurn([
    {
      tool: "list_tiles",
      data: {
        wall: "Home Reno",
        lanes: [
          { name: "Wishlist", tiles: [{ name: "Paint the fence" }, { name: "Fix the doorbell" }] },
          { name: "Doing", tiles: [{ name: "Tile the bathroom" }] },
        ],
      },
    },
    { tool: "list_walls", data: { walls: [{ name: "Home Reno" }, { name: "Side Gig" }] } },
  ]);
  return l.entries();
};

describe("items known only by their label", () => {
  it("fills a param named after their kind with the label as the result spelled it", () => {
    const c = run("move the doorbell tile to doing", kanban, { factLedger: kanbanLedger() });
    expect(c.plan).toEqual([{ tool: "move_tile", args: { tile: "Fix the doorbell", lane: "Doing" } }]);
  });
  it("reads 'the X lane' and a known place in any case", () => {
    const c = run("add a tile Order paint to the Wishlist lane on home reno", kanban, { factLedger: kanbanLedger() });
    expect(c.plan[0]).toEqual({
      tool: "add_tile",
      args: { title: "Order paint", lane: "Wishlist", wall: "Home Reno" },
    });
  });
  it("takes a quote followed by the kind word as that item", () => {
    const c = run('delete the "Paint the fence" tile', kanban, { factLedger: kanbanLedger() });
    expect(c.plan).toEqual([{ tool: "delete_tile", args: { tile: "Paint the fence" } }]);
  });
  // A wall's lanes as a plain list of names in the skeleton, and tiles with ids.
  const wallEntities = () =>
    snapshotEntities([
      {
        data: {
          walls: [{ wall_id: "w_1", name: "Home Reno", lanes: ["Wishlist", "To buy", "Doing", "Done"] }],
          tiles: [
            { tile_id: "ti_4", name: "Order skirting", lane: "To buy" },
            { tile_id: "ti_5", name: "Sand the floor", lane: "Doing" },
          ],
        },
      },
    ]);
  it("spells a place from a skeleton's list of names as the skeleton does", () => {
    const c = run("move Sand the floor to done", kanban, { entities: wallEntities() });
    expect(c.plan).toEqual([{ tool: "move_tile", args: { tile: "Sand the floor", lane: "Done" } }]);
  });
  it("of two places named, takes the one it goes to", () => {
    const c = run("take order skirting out of To buy and into Doing", kanban, { entities: wallEntities() });
    expect(c.plan).toEqual([{ tool: "move_tile", args: { tile: "Order skirting", lane: "Doing" } }]);
  });
  it("takes the label said with its leading stopword ('To buy'), not a lone word of it", () => {
    const c = run("add a tile Buy glue in To buy", kanban, { entities: wallEntities() });
    expect(c.plan).toEqual([{ tool: "add_tile", args: { title: "Buy glue", lane: "To buy" } }]);
  });
  it("keeps a named place beside an ordinal ('move the second one to Done')", () => {
    const l = new FactLedger();
    l.addTurn([
      {
        tool: "list_tiles",
        data: {
          tiles: [
            { tile_id: "ti_4", name: "A" },
            { tile_id: "ti_5", name: "B" },
          ],
        },
      },
    ]);
    const c = run("move the second one to Done", kanban, { entities: wallEntities(), factLedger: l.entries() });
    expect(c.plan).toEqual([{ tool: "move_tile", args: { tile: "B", lane: "Done" } }]);
  });
  it("never offers a label as an id the conversation showed", () => {
    const l = new FactLedger();
    l.addTurn([{ tool: "list_tiles", data: { lanes: [{ name: "Wishlist" }] } }]);
    expect(l.ids()).not.toContain("Wishlist");
  });
});

const tasks: CatalogEntry[] = [
  tool("create_task", "write", obj({ title: S, due: S }, ["title"])),
  tool(
    "update_task",
    "write",
    obj({ task_id: S, title: S, due: { type: ["string", "null"] }, status: { enum: ["todo", "doing", "done"] } }, [
      "task_id",
    ]),
  ),
  tool("delete_task", "destructive", obj({ task_id: S }, ["task_id"])),
];
const taskEntities = [
  { id: "t_1", label: "Book the venue for Friday", key: "task_id" },
  { id: "t_2", label: "Email the caterer", key: "task_id" },
];

describe("edits, typos and deletions", () => {
  it("reads a verb with one letter missing or two swapped", () => {
    expect(run("delte the caterer task", tasks, { entities: taskEntities }).plan).toEqual([
      { tool: "delete_task", args: { task_id: "t_2" } },
    ]);
    expect(run("udpate the caterer task to done", tasks, { entities: taskEntities }).plan[0]?.tool).toBe("update_task");
  });
  it("clears a field for 'remove the due date from X' and the safety rules keep it an edit", () => {
    const message = "remove the due date from book the venue for friday";
    const c = run(message, tasks, { entities: taskEntities });
    expect(c.plan).toEqual([{ tool: "update_task", args: { task_id: "t_1", due: null } }]);
    const v = checkPlan({ message, classification: c, catalog: tasks });
    expect(v.classification.plan[0]?.tool).toBe("update_task");
    expect(v.safety.map((s) => s.code)).not.toContain("DELETION_REROUTED");
  });
  it("still reroutes 'remove X' of an item to the destructive tool", () => {
    const c = {
      intent: "action" as const,
      confidence: 0.9,
      language: "en",
      is_destructive: false,
      is_acceptance: false,
      plan: [{ tool: "update_task", args: { task_id: "t_2", status: "done" } }],
    };
    const v = checkPlan({ message: "remove the caterer task", classification: c, catalog: tasks });
    expect(v.classification.plan).toEqual([{ tool: "delete_task", args: { task_id: "t_2" } }]);
  });
  it("folds a step that repeats the previous call", () => {
    const c = run("i'm on the caterer one, set it to doing", tasks, { entities: taskEntities });
    expect(c.plan).toEqual([{ tool: "update_task", args: { task_id: "t_2", status: "doing" } }]);
  });
});

const rules: CatalogEntry[] = [
  tool(
    "create_rule",
    "write",
    obj(
      {
        trigger: { type: "string", description: "Event that starts it, e.g. files.uploaded or system.scheduled" },
        what: { type: "string", description: "What the rule does" },
        schedule: { type: "string", default: "", description: "Cron schedule" },
      },
      ["trigger", "what"],
    ),
  ),
  tool("pause_rule", "write", obj({ rule_id: I }, ["rule_id"])),
  tool("resume_rule", "write", obj({ rule_id: I }, ["rule_id"])),
  tool(
    "bulk_rules",
    "destructive",
    obj({ rule_ids: { type: "array", items: I }, operation: { type: "string", enum: ["pause", "resume", "delete"] } }, [
      "operation",
    ]),
  ),
];
const ruleLedger = () => {
  const l = new FactLedger();
  l.addTurn([
    {
      tool: "list_rules",
      data: {
        rules: [
          { rule_id: 7, description: "Back up the photo folder" },
          { rule_id: 9, description: "Remind me to stretch" },
        ],
      },
    },
  ]);
  return l.entries();
};

describe("rules: labels, triggers, bulk", () => {
  it("names a rule by what it does", () => {
    expect(run("pause the photo backup", rules, { factLedger: ruleLedger() }).plan).toEqual([
      { tool: "pause_rule", args: { rule_id: 7 } },
    ]);
    expect(run("turn the stretch reminder back on", rules, { factLedger: ruleLedger() }).plan).toEqual([
      { tool: "resume_rule", args: { rule_id: 9 } },
    ]);
  });
  it("makes one bulk call when asked for in one go", () => {
    expect(run("pause rules 7 and 9 in one go", rules).plan).toEqual([
      { tool: "bulk_rules", args: { operation: "pause", rule_ids: [7, 9] } },
    ]);
    expect(run("pause rules 7 and 9", rules).plan.map((p) => p.tool)).toEqual(["pause_rule", "pause_rule"]);
  });
  it("'every monday', 'each morning' is a schedule, no set of rules", () => {
    for (const m of ["every monday at 8am email me the open rules", "each morning at 7 post the standup notes"])
      expect(run(m, rules).plan[0]?.tool).toBe("create_rule");
  });
  it("'pause every rule that runs on files.uploaded' filters the set by that event, it names no one rule", () => {
    const filtered: CatalogEntry[] = rules.map((t) =>
      t.name === "bulk_rules"
        ? {
            ...t,
            params: obj(
              {
                rule_ids: { type: "array", items: I },
                operation: { type: "string", enum: ["pause", "resume", "delete"] },
                event_type: { type: "string", description: "Event filter" },
              },
              ["operation"],
            ),
          }
        : t,
    );
    const ledger = new FactLedger();
    ledger.addTurn([
      { tool: "list_rules", data: { rules: [{ rule_id: 4, description: "Email me when an upload scan runs" }] } },
    ]);
    const c = run("pause every rule that runs on upload scans, files.uploaded", filtered, {
      factLedger: ledger.entries(),
    });
    expect(c.plan).toEqual([{ tool: "bulk_rules", args: { operation: "pause", event_type: "files.uploaded" } }]);
  });
  it("reads an event from the description's examples and a schedule as cron", () => {
    const c = run("whenever a file gets uploaded, scan it for viruses", rules);
    expect(c.plan[0]).toMatchObject({ tool: "create_rule", args: { trigger: "files.uploaded" } });
    expect(String(c.plan[0]?.args.what)).toMatch(/scan/);
    const s = run("every monday at 8am send me the weekly report", rules);
    expect(s.plan[0]).toMatchObject({
      tool: "create_rule",
      args: { trigger: "system.scheduled", schedule: "0 8 * * 1" },
    });
  });
});

const search: CatalogEntry[] = [
  tool(
    "find",
    "read",
    obj({ q: S, mode: { type: "string", enum: ["auto", "always_deep", "never_deep"], default: "auto" } }, ["q"]),
    "Search the archive.",
  ),
  tool(
    "save_prefs",
    "write",
    obj({ mode: { type: "string", enum: ["auto", "always_deep", "never_deep"] }, safe_mode: { type: "boolean" } }),
    "Change your default search preferences.",
  ),
];

describe("settings and options", () => {
  it("switches a tool's flag on and off", () => {
    expect(run("turn on safe mode", search).plan).toEqual([{ tool: "save_prefs", args: { safe_mode: true } }]);
    expect(run("switch safe mode off", search).plan).toEqual([{ tool: "save_prefs", args: { safe_mode: false } }]);
  });
  it("sends a lasting preference to the settings tool", () => {
    expect(run("from now on always use deep mode", search).plan[0]).toEqual({
      tool: "save_prefs",
      args: { mode: "always_deep" },
    });
  });
  it("reads always_X from X and keeps the query clean", () => {
    expect(run("find tax forms 2025 and use the deep mode", search).plan[0]).toEqual({
      tool: "find",
      args: { q: "tax forms 2025", mode: "always_deep" },
    });
  });
  it("answers a question about how things work as chat", () => {
    expect(run("what's the difference between auto and deep mode?", search).intent).toBe("chat");
  });
});
