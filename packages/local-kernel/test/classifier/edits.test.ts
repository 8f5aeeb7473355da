// Edits that start from what an item already has, several items in one request, and "put ... in it" after a create,
// each on a catalog made up here; and messages that are only conversation.
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../src/chat/safety.js";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";
import { FactLedger } from "../../src/facts/index.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { obj, run, S, tool } from "./catalog-kit.js";

const list: JsonSchema = { type: "array", items: S, description: "Labels (replaces them all)" };
const recipes: CatalogEntry[] = [
  tool("list_recipes", "read", obj({ label: S }), "List recipes."),
  tool("edit_recipe", "write", obj({ recipe_id: S, name: S, labels: list }, ["recipe_id"]), "Edit a recipe."),
  tool("bin_recipe", "write", obj({ recipe_id: S }, ["recipe_id"]), "Move a recipe to the bin."),
  tool("restore_recipe", "write", obj({ recipe_id: S }, ["recipe_id"]), "Bring a recipe back from the bin."),
];
const shelf = {
  recipes: [
    { recipe_id: "r_1", name: "Lentil soup", labels: ["winter", "vegan"] },
    { recipe_id: "r_2", name: "Plum crumble", labels: ["dessert"] },
    { recipe_id: "r_3", name: "Tomato salad", labels: [] },
  ],
};
const withShelf = () => ({ entities: snapshotEntities([{ data: shelf }]) });

describe("a list param that replaces the whole list", () => {
  it("keeps the item's other values when one is added", () => {
    const c = run("add the label quick to the lentil soup", recipes, withShelf());
    expect(c.plan).toEqual([{ tool: "edit_recipe", args: { recipe_id: "r_1", labels: ["winter", "vegan", "quick"] } }]);
  });
  it("keeps the rest when one is taken off, and what the user keeps", () => {
    const c = run("take the winter label off the lentil soup", recipes, withShelf());
    expect(c.plan).toEqual([{ tool: "edit_recipe", args: { recipe_id: "r_1", labels: ["vegan"] } }]);
  });
  it("replaces the list when the user says only", () => {
    const c = run("label the plum crumble only with autumn", recipes, withShelf());
    expect(c.plan[0]?.args.labels).toEqual(["autumn"]);
  });
  it("reads the value after 'with' once the item is named after the verb", () => {
    const c = run("also label the plum crumble with baking", recipes, withShelf());
    expect(c.plan).toEqual([{ tool: "edit_recipe", args: { recipe_id: "r_2", labels: ["dessert", "baking"] } }]);
  });
  it("knows the lists of items in the fact ledger too", () => {
    const ledger = new FactLedger();
    ledger.addTurn([{ tool: "list_recipes", data: shelf }]);
    const c = run("add the label lunch to the tomato salad", recipes, { factLedger: ledger.entries() });
    expect(c.plan).toEqual([{ tool: "edit_recipe", args: { recipe_id: "r_3", labels: ["lunch"] } }]);
  });
});

describe("a value taken out of a list", () => {
  const shelf2: CatalogEntry[] = [
    ...recipes,
    tool("delete_recipe", "destructive", obj({ recipe_id: S }, ["recipe_id"]), "Delete a recipe for good."),
  ];
  it("'remove the vegan label from X' edits X and the safety rules let it run", () => {
    const message = "remove the vegan label from the lentil soup";
    const c = run(message, shelf2, withShelf());
    expect(c.plan).toEqual([{ tool: "edit_recipe", args: { recipe_id: "r_1", labels: ["winter"] } }]);
    const v = checkPlan({ message, classification: c, catalog: shelf2 });
    expect(v.classification.plan[0]?.tool).toBe("edit_recipe");
    expect(v.safety.map((d) => d.code)).not.toContain("DELETION_REROUTED");
  });
});

const pantry: CatalogEntry[] = [
  tool("delete_shelf_with_jars", "destructive", obj({ shelf_id: S }, ["shelf_id"]), "Delete a shelf and its jars."),
  tool("delete_jars_from_shelf", "destructive", obj({ shelf_id: S }, ["shelf_id"]), "Delete the jars on a shelf."),
  tool("empty_bin", "destructive", obj({}), "Empty the bin."),
  tool("add_jar", "write", obj({ name: S, shelf_id: S }, ["name"]), "Add a jar."),
  tool("add_shelf", "write", obj({ name: S }, ["name"]), "Add a shelf."),
];
const shelves = () => ({ entities: snapshotEntities([{ data: { shelves: [{ shelf_id: "s_9", name: "Spices" }] } }]) });

describe("containers and kinds", () => {
  it("'bin everything on Spices' empties the shelf, the shelf stays", () => {
    expect(run("bin everything in Spices", pantry, shelves()).plan).toEqual([
      { tool: "delete_jars_from_shelf", args: { shelf_id: "s_9" } },
    ]);
  });
  it("the first kind after a create verb is what gets made", () => {
    expect(run("add a jar from the Spices shelf called Cumin", pantry, shelves()).plan[0]?.tool).toBe("add_jar");
  });
});

describe("several items in one request", () => {
  it("makes one call per item, in the order named, when both names are partial", () => {
    const c = run("bin the soup and the crumble", recipes, withShelf());
    expect(c.plan).toEqual([
      { tool: "bin_recipe", args: { recipe_id: "r_1" } },
      { tool: "bin_recipe", args: { recipe_id: "r_2" } },
    ]);
  });
});

const garden: CatalogEntry[] = [
  tool(
    "add_bed",
    "write",
    obj({ name: S, plot: { type: "string", description: "Plot name or id" } }, ["name", "plot"]),
  ),
  tool(
    "add_plant",
    "write",
    obj(
      {
        name: S,
        bed: { type: "string", description: "Bed name or id" },
        plot: { type: "string", description: "Plot name or id" },
      },
      ["name", "bed"],
    ),
  ),
  tool(
    "move_plant",
    "write",
    obj(
      {
        plant: { type: "string", description: "Plant name or id" },
        bed: { type: "string", description: "Target bed" },
      },
      ["plant", "bed"],
    ),
  ),
];
const plots = {
  plots: [{ plot_id: "p_1", name: "Riverside", beds: ["Herbs", "Shade"] }],
  plants: [{ plant_id: "pl_1", name: "Rosemary cutting", bed: "Herbs" }],
};

describe("'put ... in it' after a create", () => {
  it("a new item goes into the one just made, at the same place", () => {
    const c = run("add a bed 'Berries' on the riverside plot and put a plant 'Gooseberry' in it", garden, {
      entities: snapshotEntities([{ data: plots }]),
    });
    expect(c.plan).toEqual([
      { tool: "add_bed", args: { name: "Berries", plot: "Riverside" } },
      { tool: "add_plant", args: { name: "Gooseberry", bed: "Berries", plot: "Riverside" } },
    ]);
  });
  it("a known item is moved there", () => {
    const c = run("add a bed 'Sunny' on the riverside plot and put the rosemary cutting in it", garden, {
      entities: snapshotEntities([{ data: plots }]),
    });
    expect(c.plan[1]).toEqual({ tool: "move_plant", args: { plant: "Rosemary cutting", bed: "Sunny" } });
  });
  it("'take X off A and put it in B' is one move", () => {
    const c = run("take the rosemary cutting off Herbs and put it in Shade", garden, {
      entities: snapshotEntities([{ data: plots }]),
    });
    expect(c.plan.map((p) => p.tool)).toEqual(["move_plant"]);
  });
});

describe("conversation only", () => {
  it.each([
    "ugh what a day. how are you doing?",
    "thx, looks good now",
    "wish me luck for the tasting 😅",
    "honestly, do you think recipe apps are worth it?",
    "what's actually the difference between binning and editing?",
    "ok what else can you do besides recipes?",
    "can I get a binned recipe back later or is it gone?",
    "what happens to my recipes if I bin a label?",
    "what does a recipe label actually tell me?",
    "do binned recipes get deleted automatically after a while?",
    "what's the label on these recipes for?",
    "Hallo! Wie geht's dir heute?",
    "quick question - if I bin a recipe, is it gone forever or can I get it back?",
    "what is a label actually for?",
    "what else can this extension do besides recipes?",
    "is there a limit on how many labels I can add?",
    "can I restore a binned recipe later?",
    "can labels be nested, or are they flat only?",
    "do my recipes and my labels end up in the same bin?",
    "what's the bin and when would I want it?",
    "quick question - when I bin a recipe, do its labels get deleted too?",
    "is there a size limit for labels on a recipe?",
    "do binned recipes count toward the shelf limit?",
    "in general, what is the difference between a label and a shelf?",
    "haha ok, thanks, that's all for now",
    "good morning! long day of cooking ahead",
    "good morning! do recipes and shelves share labels here?",
  ])("%s is chat", (m) => {
    const c = run(m, recipes, withShelf());
    expect(c.intent).toBe("chat");
    expect(c.plan).toEqual([]);
  });
  it.each(["can you get the lentil soup back?", "can you bin the tomato salad?", "do recipes tagged vegan exist?"])(
    "a request is no question: %s",
    (m) => {
      expect(run(m, recipes, withShelf()).intent).not.toBe("chat");
    },
  );
});

describe("a tool given nothing to act on", () => {
  const net: CatalogEntry[] = [
    tool(
      "sweep_hosts",
      "write",
      obj({ hosts: { type: "array", items: S, default: [] }, deep: { type: "boolean", default: false } }),
      "Sweep hosts for open ports.",
    ),
  ];
  it("'run a sweep' names no hosts: the turn asks before it runs", () => {
    const message = "run a sweep";
    const c = run(message, net);
    expect(c.confidence).toBeLessThan(0.6);
    expect(checkPlan({ message, classification: c, catalog: net }).classification.intent).toBe("clarify");
  });
  it("with hosts named it runs", () => {
    const c = run("sweep the hosts kiel.de and luebeck.de", net);
    expect(c.plan[0]?.args.hosts).toEqual(["kiel.de", "luebeck.de"]);
    expect(c.confidence).toBeGreaterThanOrEqual(0.6);
  });
});

describe("names shared by two kinds, a literal value verb, a create from an item", () => {
  const site: CatalogEntry[] = [
    tool("delete_group", "destructive", obj({ group_id: S }, ["group_id"]), "Delete a group of hosts."),
    tool("delete_watch", "destructive", obj({ watch_id: S }, ["watch_id"]), "Delete a watch."),
    tool("create_watch", "write", obj({ name: S, group_id: S }, ["name", "group_id"]), "Create a watch from a group."),
    tool(
      "create_watch_full",
      "write",
      obj({ name: S, hosts: { type: "array", items: S } }, ["name"]),
      "Create a watch in one step.",
    ),
  ];
  const known = snapshotEntities([
    { data: { groups: [{ group_id: "g_1", name: "Mail hosts" }], watches: [{ watch_id: "w_1", name: "Mail hosts" }] } },
  ]);
  it("the kind said after a shared name picks that kind", () => {
    expect(run("delete the mail hosts watch", site, { entities: known }).plan).toEqual([
      { tool: "delete_watch", args: { watch_id: "w_1" } },
    ]);
    expect(run("delete the mail hosts group", site, { entities: known }).plan).toEqual([
      { tool: "delete_group", args: { group_id: "g_1" } },
    ]);
  });
  it("a create that needs a named existing item is made from it", () => {
    expect(run("create a watch from the Mail hosts group", site, { entities: known }).plan[0]?.tool).toBe(
      "create_watch",
    );
  });
  it("a verb that is word for word one tool's value names that tool", () => {
    const notes: CatalogEntry[] = [
      tool("restore_page", "write", obj({ page_id: S }, ["page_id"]), "Restore a page from the bin."),
      tool(
        "page_save",
        "write",
        obj({ page_id: S, field: { type: "string", enum: ["title", "unarchive", "archive"] } }, ["page_id", "field"]),
        "Save a page field.",
      ),
    ];
    const pages = snapshotEntities([{ data: { pages: [{ page_id: "p_1", title: "Kickoff minutes" }] } }]);
    expect(run("unarchive the kickoff minutes", notes, { entities: pages }).plan).toEqual([
      { tool: "page_save", args: { page_id: "p_1", field: "unarchive" } },
    ]);
  });
});
