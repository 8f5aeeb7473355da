// "it", "that note", "the first one" and "the first result": references the embedded classifier resolves from the
// history, the fact ledger and the plan's earlier steps.
import { describe, expect, it } from "vitest";
import { classifyEmbedded } from "../../src/classifier/index.js";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { obj, run, S, tool } from "./catalog-kit.js";

const S: JsonSchema = { type: "string" };
const obj = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: "object",
  properties,
  required,
});
const catalog: CatalogEntry[] = [
  { name: "get_note", description: "Open a note.", actionType: "read", params: obj({ note_id: S }, ["note_id"]) },
  {
    name: "trash_note",
    description: "Move a note to the trash.",
    actionType: "write",
    params: obj({ note_id: S }, ["note_id"]),
  },
  {
    name: "search_web",
    description: "Search the web.",
    actionType: "read",
    params: obj({ query: S }, ["query"]),
    returnSchema: obj({ results: { type: "array", items: obj({ title: S, url: S }) } }),
  },
  { name: "read_page", description: "Read a web page.", actionType: "read", params: obj({ url: S }, ["url"]) },
];
const entities = [
  { id: "n_1", label: "Meeting prep", key: "note_id", source: "skeleton" as const },
  { id: "n_2", label: "Trip to Rome", key: "note_id", source: "skeleton" as const },
];

describe("references", () => {
  it('"trash it" after a message that named one note is that note (history)', () => {
    const r = classifyEmbedded({
      message: "trash it",
      catalog,
      entities,
      history: [
        { role: "user", content: "what is in Meeting prep?" },
        { role: "assistant", content: "Here it is." },
      ],
    });
    expect(r.plan).toEqual([{ tool: "trash_note", args: { note_id: "n_1" } }]);
  });

  it('"open the first one" after a single result is that result (fact ledger)', () => {
    const r = classifyEmbedded({
      message: "open the first one",
      catalog,
      factLedger: [{ text: "[]", entities: [{ id: "n_2", label: "Trip to Rome", key: "note_id" }] }],
    });
    expect(r.plan).toEqual([{ tool: "get_note", args: { note_id: "n_2" } }]);
  });

  it('"... and then read the first result" is a $steps reference into the search results', () => {
    const r = classifyEmbedded({ message: "search the web for pasta and then read the first result", catalog });
    expect(r.plan[1]).toEqual({ tool: "read_page", args: { url: "$steps.0.data.results.0.url" } });
  });
});

describe("the listing an ordinal counts in", () => {
  const kit: CatalogEntry[] = [
    tool("find_recipes", "read", obj({ text: S }, ["text"]), "Find recipes by words."),
    tool("list_bin", "read", obj({}), "Recipes in the bin."),
    tool("open_recipe", "read", obj({ recipe_id: S }, ["recipe_id"]), "Open a recipe."),
    tool("copy_recipe", "write", obj({ recipe_id: S }, ["recipe_id"]), "Copy a recipe."),
    tool("shelve_jar", "write", obj({ jar: S, shelf: S }, ["jar", "shelf"]), "Put a jar on a shelf (jar name or id)."),
    tool("add_jar", "write", obj({ name: S, shelf: S }, ["name"]), "Add a jar."),
  ];
  const turn = (tool: string, data: Record<string, unknown>) => ({ text: JSON.stringify([{ tool, data }]) });
  const found = turn("find_recipes", {
    recipes: [
      { recipe_id: "r_1", title: "Plum cake" },
      { recipe_id: "r_2", title: "Plum jam" },
    ],
  });
  const bin = turn("list_bin", {
    recipes: [
      { recipe_id: "r_7", title: "Old curry" },
      { recipe_id: "r_8", title: "Cold soup" },
    ],
  });
  const opened = turn("open_recipe", { recipe_id: "r_9", title: "Bean stew", text: "..." });
  const factLedger = [found, bin, opened];

  it("'the second one' skips a newest result with one item", () => {
    expect(run("open the second one", kit, { factLedger }).plan).toEqual([
      { tool: "open_recipe", args: { recipe_id: "r_8" } },
    ]);
  });
  it("'the first search result' counts in the result of the find tool, not the newest one", () => {
    expect(run("copy the first search result", kit, { factLedger: [found, bin] }).plan).toEqual([
      { tool: "copy_recipe", args: { recipe_id: "r_1" } },
    ]);
  });
  it("'the second plum recipe' counts among the items with that word", () => {
    const ledger = [
      turn("find_recipes", {
        recipes: [
          { recipe_id: "r_1", title: "Plum cake" },
          { recipe_id: "r_3", title: "Fig tart" },
          { recipe_id: "r_2", title: "Plum jam" },
        ],
      }),
    ];
    expect(run("open the second plum recipe", kit, { factLedger: ledger }).plan).toEqual([
      { tool: "open_recipe", args: { recipe_id: "r_2" } },
    ]);
  });
  it("an object said first and taken up by 'it' is the verb's object", () => {
    const jars = turn("list_jars", {
      jars: [
        { jar_id: "j_1", name: "Honey", shelf: "Top" },
        { jar_id: "j_2", name: "Capers", shelf: "Low" },
      ],
    });
    const c = run("the second jar on that shelf - shelve it on Top", kit, { factLedger: [jars] });
    expect(c.plan.map((p) => p.tool)).toEqual(["shelve_jar"]);
    expect(["j_2", "Capers"]).toContain(c.plan[0]?.args.jar);
    expect(c.plan[0]?.args.shelf).toBe("Top");
  });
});

describe("'it' after a listing of one", () => {
  const kit: CatalogEntry[] = [
    tool("find_recipes", "read", obj({ text: S }, ["text"]), "Find recipes by words."),
    tool("add_recipe", "write", obj({ title: S }, ["title"]), "Add a recipe."),
    tool("open_recipe", "read", obj({ recipe_id: S }, ["recipe_id"]), "Open a recipe."),
    tool("delete_recipe", "destructive", obj({ recipe_id: S }, ["recipe_id"]), "Delete a recipe for good."),
  ];
  const turn = (tool: string, data: Record<string, unknown>) => ({ text: JSON.stringify([{ tool, data }]) });
  const found = turn("find_recipes", { recipes: [{ recipe_id: "r_4", title: "Old chili" }], total: 1 });
  const made = turn("add_recipe", { recipe_id: "r_5", title: "Fresh chili" });

  it("'delete it' after a search that found one recipe keeps the candidate but is no sure call", () => {
    const r = run("delete it", kit, { factLedger: [found] });
    expect(r.plan).toEqual([{ tool: "delete_recipe", args: { recipe_id: "r_4" } }]);
    expect(r.confidence).toBeLessThanOrEqual(0.5);
  });
  it("'delete it' right after the recipe was made acts on that recipe", () => {
    const r = run("delete it", kit, { factLedger: [made] });
    expect(r.plan).toEqual([{ tool: "delete_recipe", args: { recipe_id: "r_5" } }]);
    expect(r.confidence).toBeGreaterThan(0.6);
  });
  it("'open it' after the same search opens the one result", () => {
    const r = run("open it", kit, { factLedger: [found] });
    expect(r.plan).toEqual([{ tool: "open_recipe", args: { recipe_id: "r_4" } }]);
    expect(r.confidence).toBeGreaterThan(0.6);
  });
});

describe("words of a label said in its order", () => {
  const kit: CatalogEntry[] = [
    tool("rename_shelf", "write", obj({ shelf_id: S, name: S }, ["shelf_id", "name"]), "Rename a shelf."),
    tool("edit_book", "write", obj({ book_id: S, title: S }, ["book_id"]), "Edit a book: its title."),
  ];
  const entities = [
    { id: "s_3", label: "Classics", key: "shelf_id" },
    { id: "b_7", label: "Greek classics: a reader", key: "book_id" },
  ];
  it("'rename the greek classics to …' renames the book, not the Classics shelf", () => {
    expect(run("rename the greek classics to 'Old Greek reader'", kit, { entities }).plan).toEqual([
      { tool: "edit_book", args: { book_id: "b_7", title: "Old Greek reader" } },
    ]);
  });
  it("'rename the Classics shelf to Old books' still renames the shelf", () => {
    expect(run("rename the Classics shelf to Old books", kit, { entities }).plan).toEqual([
      { tool: "rename_shelf", args: { shelf_id: "s_3", name: "Old books" } },
    ]);
  });
});

describe("'the X thing': an item named by a word of it", () => {
  const chores: CatalogEntry[] = [
    tool(
      "create_chore",
      "write",
      obj({ title: S, priority: { type: "string", enum: ["low", "normal", "high"] } }, ["title"]),
      "Create a chore.",
    ),
    tool(
      "update_chore",
      "write",
      obj({ chore_id: S, priority: { type: "string", enum: ["low", "normal", "high"] } }, ["chore_id"]),
      "Change a chore.",
    ),
  ];
  const house = {
    entities: snapshotEntities([
      { data: { chores: [{ chore_id: "ch_2", title: "Clean the gutters before winter" }] } },
    ]),
  };
  it("'the gutters thing can wait, make it low priority' edits that chore", () => {
    expect(run("the gutters thing can wait, make it low priority", chores, house).plan).toEqual([
      { tool: "update_chore", args: { chore_id: "ch_2", priority: "low" } },
    ]);
  });
  it("'make a chore to buy salt, low priority' is still a new chore", () => {
    expect(run("make a chore to buy salt, low priority", chores, house).plan[0]?.tool).toBe("create_chore");
  });
});
