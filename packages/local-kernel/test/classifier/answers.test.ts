// Questions and their answers on made-up catalogs: a placeholder asks, an answer names a known item as the board
// spells it, a value said before its field ("put X in the body"), a light verb before a two-word tool noun.
import { describe, expect, it } from "vitest";
import { pendingFrom, resolveFollowUp } from "../../src/chat/dialogue.js";
import { checkPlan } from "../../src/chat/safety.js";
import { classifyEmbedded, isAcceptance } from "../../src/classifier/index.js";
import type { CatalogEntry, ClassifyInput } from "../../src/classifier/types.js";
import { FactLedger } from "../../src/facts/index.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { obj, run, S, tool } from "./catalog-kit.js";

const toast: CatalogEntry[] = [
  tool(
    "toast",
    "read",
    obj({ name: { type: "string", default: "everyone", description: "Who to toast" } }),
    "Raise a toast to someone.",
  ),
];
const jars: CatalogEntry[] = [
  tool("add_jar", "write", obj({ label: S, contents: S }, ["label"]), "Add a jar to the pantry."),
  tool(
    "shelve_jar",
    "write",
    obj(
      { jar: { type: "string", description: "Jar name or id" }, shelf: { type: "string", description: "Shelf name" } },
      ["jar", "shelf"],
    ),
    "Put a jar on a shelf.",
  ),
  tool(
    "jar_lookup",
    "read",
    obj({ jar: { type: "string", description: "Jar name or id" } }, ["jar"]),
    "Look up a jar.",
  ),
  tool("run_inventory", "write", obj({}), "Run the pantry inventory."),
];
const pantry = { shelves: [{ shelf_id: "s_1", name: "Top", jars: ["Smoked paprika", "Cumin seeds"] }] };
const entities = snapshotEntities([{ data: pantry }]);

const answer = (first: string, second: string, catalog: CatalogEntry[], extra: Partial<ClassifyInput> = {}) => {
  const p = pendingFrom(run(first, catalog, extra));
  expect(p).toBeDefined();
  const input: ClassifyInput = { message: second, catalog, now: new Date("2026-12-02T10:00:00Z"), ...extra };
  return resolveFollowUp(p!, input, classifyEmbedded(input)).classification;
};

describe("placeholders and defaults", () => {
  it("'someone' asks who, whatever the default", () => {
    const c = run("could you toast someone for me?", toast);
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["toast.name"]);
    expect(answer("could you toast someone for me?", "Ingrid", toast).plan).toEqual([
      { tool: "toast", args: { name: "Ingrid" } },
    ]);
  });
  it("the default said among other words is the default", () => {
    expect(run("do the usual toast to everyone", toast).plan).toEqual([{ tool: "toast", args: { name: "everyone" } }]);
  });
});

describe("answers", () => {
  it("an item named in the answer is spelled as the result shows it", () => {
    const c = answer("put a jar on Top", "smoked paprika", jars, { entities });
    expect(c.plan).toEqual([{ tool: "shelve_jar", args: { jar: "Smoked paprika", shelf: "Top" } }]);
  });
  it("a value said before its field goes in that field", () => {
    const c = answer("add a jar", "label it 'Oats' and put 500g rolled in the contents", jars);
    expect(c.plan).toEqual([{ tool: "add_jar", args: { label: "Oats", contents: "500g rolled" } }]);
  });
  it("'put a jar on a shelf' names no new jar: it asks which", () => {
    const c = run("put a jar on a shelf", jars, { entities });
    expect(c.intent).toBe("clarify");
    expect(c.plan[0]?.tool).toBe("shelve_jar");
  });
});

describe("light verbs", () => {
  it("'run a jar lookup' is the lookup, not the run tool", () => {
    const c = run("run a jar lookup", jars, { entities });
    expect(c.intent).toBe("clarify");
    expect(c.plan[0]?.tool).toBe("jar_lookup");
  });
});

describe("a label that is also a verb", () => {
  it("'to Finished' names the list of that name", () => {
    const lists = snapshotEntities([{ data: { shelves: [{ shelf_id: "s_2", name: "Finished" }] } }]);
    const c = run("put the cumin seeds on Finished", jars, { entities: [...entities, ...lists] });
    expect(c.plan).toEqual([{ tool: "shelve_jar", args: { jar: "Cumin seeds", shelf: "Finished" } }]);
  });
});

describe("answers to a question, continued", () => {
  const shelfTools: CatalogEntry[] = [
    tool("add_tin", "write", obj({ name: S, shelf: S }, ["name", "shelf"]), "Add a tin to a shelf."),
    tool(
      "edit_tin",
      "write",
      obj({ tin_id: S, best_before: { type: "string", description: "Best-before date" } }, ["tin_id"]),
      "Edit a tin.",
    ),
  ];
  const ledger = new FactLedger();
  ledger.addTurn([{ tool: "list_tins", data: { tins: [{ tin_id: "t_1", name: "Chickpeas", shelf: "To use" }] } }]);
  const withTins = { factLedger: ledger.entries() };
  it("a shelf a listed item shows by name is a label the answer can name, lead-in word and all", () => {
    const c = answer("add a tin 'Lentils'", "To use", shelfTools, withTins);
    expect(c.plan).toEqual([{ tool: "add_tin", args: { name: "Lentils", shelf: "To use" } }]);
    const d = answer("add a tin 'Lentils'", "the To Use shelf", shelfTools, withTins);
    expect(d.plan[0]?.args.shelf).toBe("To use");
  });
  it("an edit that set nothing takes the value the answer gives", () => {
    // Turn 1 as a chat turn runs it: the safety rules ask what to change.
    const first = "set a best-before date on the chickpeas tin";
    const asked = checkPlan({ message: first, classification: run(first, shelfTools, withTins), catalog: shelfTools });
    expect(asked.classification.intent).toBe("clarify");
    const input: ClassifyInput = {
      message: "wednesday",
      catalog: shelfTools,
      now: new Date("2026-12-02T10:00:00Z"),
      ...withTins,
    };
    const c = resolveFollowUp(pendingFrom(asked.classification)!, input, classifyEmbedded(input)).classification;
    expect(c.intent).toBe("action");
    expect(c.plan).toEqual([{ tool: "edit_tin", args: { tin_id: "t_1", best_before: "2026-12-09" } }]);
  });
  it("'yes, delete it' and 'yes I'm sure' accept; 'yes but ...' does not", () => {
    expect(isAcceptance("yes, delete it")).toBe(true);
    expect(isAcceptance("yes I'm sure")).toBe(true);
    expect(isAcceptance("yes but rename it first")).toBe(false);
    expect(isAcceptance("yes, empty it")).toBe(true);
    expect(isAcceptance("ja, weg damit")).toBe(true);
    expect(isAcceptance("no, delete it")).toBe(false);
  });
  it("'yes, jars too' agrees to what goes with it; a verb or an 'and' asks for more", () => {
    expect(isAcceptance("yes, jars too")).toBe(true);
    expect(isAcceptance("yes, the jars as well")).toBe(true);
    expect(isAcceptance("ja, die Gläser auch")).toBe(true);
    expect(isAcceptance("yes, and the other shelf too")).toBe(false);
    expect(isAcceptance("yes, delete the jars too")).toBe(false);
    expect(isAcceptance("yes, but not the jars too")).toBe(false);
  });
});

describe("the tool's own place is no value", () => {
  it("'open a ticket in the desk' asks for the title", () => {
    const desk: CatalogEntry[] = [
      tool(
        "open_ticket",
        "write",
        obj({ title: S, text: { ...S, default: "" } }, ["title"]),
        "Open a new ticket in the desk.",
      ),
      tool("list_tickets", "read", obj({}), "List tickets in the desk."),
    ];
    const c = run("open a new ticket in the desk", desk);
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["open_ticket.title"]);
  });
});

describe("a move that names no place, and answers that name a column", () => {
  const sorting: CatalogEntry[] = [
    tool(
      "move_recipe",
      "write",
      obj({ recipe_id: S, box_id: { type: "string", default: "", description: "Id of the box (empty = no box)" } }, [
        "recipe_id",
      ]),
      "Move a recipe into a box.",
    ),
    tool("rename_box", "write", obj({ box_id: S, name: S }, ["box_id", "name"]), "Rename a box."),
    tool("edit_recipe", "write", obj({ recipe_id: S, title: S }, ["recipe_id"]), "Edit a recipe."),
  ];
  const kitchen = {
    entities: snapshotEntities([
      {
        data: {
          recipes: [{ recipe_id: "r_4", title: "Plum chutney" }],
          boxes: [{ box_id: "x_9", name: "Preserves" }],
        },
      },
    ]),
  };
  it("'move the plum chutney' asks which box instead of taking it out of its box", () => {
    const c = run("move the plum chutney recipe", sorting, kitchen);
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["move_recipe.box_id"]);
    expect(c.question).toMatch(/box/);
    expect(answer("move the plum chutney recipe", "into Preserves", sorting, kitchen).plan).toEqual([
      { tool: "move_recipe", args: { recipe_id: "r_4", box_id: "x_9" } },
    ]);
  });
  it("'file X into a box' is that move, with the box still to say", () => {
    const c = run("file the plum chutney into a box", sorting, kitchen);
    expect(c.plan[0]?.tool).toBe("move_recipe");
    expect(c.missing).toEqual(["move_recipe.box_id"]);
  });
  it("'move X out of its box' needs no place", () => {
    expect(run("move the plum chutney recipe out of its box", sorting, kitchen).intent).toBe("action");
  });
  // A card tool whose list and board are named by their labels; `required` says which of them must be said.
  const addCard = (required: string[]) =>
    tool(
      "add_card",
      "write",
      obj(
        {
          title: S,
          list: { type: "string", description: "List the card goes into" },
          board: { type: "string", description: "Board name" },
        },
        required,
      ),
      "Add a card.",
    );
  it("'To do on Home reno' answers 'which list?' with the list To do", () => {
    const cards: CatalogEntry[] = [addCard(["title", "list", "board"])];
    const boards = { entities: snapshotEntities([{ data: { boards: [{ board_id: "b_1", name: "Home reno" }] } }]) };
    const c = answer("add a card called Buy grout", "To do on Home reno", cards, boards);
    expect(c.plan).toEqual([{ tool: "add_card", args: { title: "Buy grout", list: "To do", board: "Home reno" } }]);
    // Said alone, "To do" is the list; "to Review" goes to the list Review.
    const on = "add a card called Buy grout on the Home reno board";
    expect(answer(on, "To do", cards, boards).plan[0]?.args.list).toBe("To do");
    expect(answer(on, "to Review", cards, boards).plan[0]?.args.list).toBe("Review");
    expect(answer(on, "put it in Doing", cards, boards).plan[0]?.args.list).toBe("Doing");
  });
  it("'…, put it in To Do' after a create names its list, in one message or as the answer", () => {
    const cards: CatalogEntry[] = [
      addCard(["title", "list"]),
      tool("move_card", "write", obj({ card: S, list: S, board: S }, ["card", "list"]), "Move a card to a list."),
    ];
    const one = run("add a card called 'Order skirting boards', put it in Doing", cards);
    expect(one.plan).toEqual([{ tool: "add_card", args: { title: "Order skirting boards", list: "Doing" } }]);
    const c = answer("add a card to the Home board", "call it 'Order skirting boards', put it in Doing", cards);
    expect(c.plan[0]).toMatchObject({ tool: "add_card", args: { title: "Order skirting boards", list: "Doing" } });
  });
  it("'set up a rule that runs whenever a file gets uploaded' asks what it does; 'tag it …' is that answer", () => {
    const rules: CatalogEntry[] = [
      tool(
        "create_rule",
        "write",
        obj(
          {
            trigger: { type: "string", description: "Event that starts it, e.g. files.uploaded or system.scheduled" },
            action: { type: "string", description: "What the rule does" },
          },
          ["trigger", "action"],
        ),
      ),
      tool("update_rule", "write", obj({ rule_id: S, action: S }, ["rule_id"])),
    ];
    const first = "set up a rule that runs whenever a file gets uploaded";
    const c = run(first, rules);
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["create_rule.action"]);
    expect(answer(first, "tag the file with 'inbox'", rules).plan).toEqual([
      { tool: "create_rule", args: { trigger: "files.uploaded", action: "tag the file with 'inbox'" } },
    ]);
  });
  it("'rename the X pin' asks for the title; the answer is the new title", () => {
    const pins: CatalogEntry[] = [
      tool("update_pin", "write", obj({ pin_id: S, title: { type: "string", default: "" } }, ["pin_id"])),
    ];
    const map = { entities: [{ id: "p_3", label: "Harbour cafe", key: "pin_id" }] };
    expect(answer("rename the harbour pin", "Dockside Cafe and Bar", pins, map).plan).toEqual([
      { tool: "update_pin", args: { pin_id: "p_3", title: "Dockside Cafe and Bar" } },
    ]);
    // A dash inside the name is part of it when the tool has no text for it to start.
    expect(answer("rename the harbour pin", "to Harbour – Dockside", pins, map).plan[0]?.args.title).toBe(
      "Harbour – Dockside",
    );
  });
  it("'yes, I know its X goes too' and 'yes, all of it' accept; 'yes, I know, but wait' does not", () => {
    expect(isAcceptance("yes, I know its monitor goes too")).toBe(true);
    expect(isAcceptance("yes, all of it")).toBe(true);
    expect(isAcceptance("yes, I know, but wait")).toBe(false);
    // Umlauts are letters: "ja, löschen" is one yes and one verb, not "l" and "schen".
    expect(isAcceptance("ja, löschen")).toBe(true);
  });
});

describe("German requests with a missing part", () => {
  const planner: CatalogEntry[] = [
    tool(
      "add_grocery",
      "write",
      obj({ item: S, quantity: { type: "integer", default: 1 }, list_name: { type: "string", default: "shopping" } }, [
        "item",
      ]),
      "Add a thing to the shopping list.",
    ),
    tool(
      "set_reminder",
      "write",
      obj({ text: S, remind_at: { type: "string", format: "date-time", description: "When" } }, ["text", "remind_at"]),
      "Create a reminder.",
    ),
  ];
  it("'Erinnerung setzen bitte' asks for the reminder; the answer gives time and text", () => {
    const c = run("Erinnerung setzen bitte", planner);
    expect(c.intent).toBe("clarify");
    expect(c.plan[0]?.tool).toBe("set_reminder");
    expect(answer("Erinnerung setzen bitte", "morgen um 8 Uhr: Müll rausbringen", planner).plan).toEqual([
      { tool: "set_reminder", args: { text: "Müll rausbringen", remind_at: "2026-12-03T08:00:00Z" } },
    ]);
  });
  it("'Setz zwei Liter Milch auf die Einkaufsliste' counts in German", () => {
    const c = run("Setz zwei Liter Milch auf die Einkaufsliste", planner);
    expect(c.plan[0]?.tool).toBe("add_grocery");
    expect(c.plan[0]?.args.quantity).toBe(2);
    expect(String(c.plan[0]?.args.item)).toMatch(/Milch/);
  });
});
