// Values on made-up catalogs: a quote an item took is no second value, text after "with" or a colon, a mark typed on
// the last word, a tag word that is no item, "have I set up", a verbless step that adds to the call before it, a
// relative clause's verb, "the newest one".
import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { I, obj, run, S, tool } from "./catalog-kit.js";

const kennel: CatalogEntry[] = [
  tool(
    "list_dogs",
    "read",
    obj({
      breed: S,
      status: { type: "string", enum: ["all", "adopted", "waiting"], default: "waiting" },
      limit: { ...I, default: 10, maximum: 40 },
    }),
    "List dogs.",
  ),
  tool("get_dog", "read", obj({ dog_id: S }, ["dog_id"]), "Show one dog."),
  tool("add_dog", "write", obj({ title: S, description: S, breed: S }, ["title"]), "Add a dog."),
  tool("edit_dog", "write", obj({ dog_id: S, description: S, title: S }, ["dog_id"]), "Edit a dog's title or story."),
  tool(
    "walk_dog",
    "write",
    obj(
      {
        dog: { type: "string", description: "Dog name or id" },
        kennel: { type: "string", description: "Kennel name or id" },
      },
      ["dog"],
    ),
    "Take a dog for a walk.",
  ),
  tool(
    "comment_dog",
    "write",
    obj({ dog: { type: "string", description: "Dog name or id" }, text: S }, ["dog", "text"]),
    "Comment on a dog.",
  ),
  tool("list_walkers", "read", obj({}), "List the walkers you have set up."),
  tool("add_walker", "write", obj({ name: S }, ["name"]), "Set up a new walker."),
];
const pen = {
  kennels: [{ kennel_id: "k_1", name: "East wing" }],
  dogs: [
    { dog_id: "d_1", name: "Biscuit the beagle", breed: "beagle" },
    { dog_id: "d_2", name: "Order of the Pug", breed: "pug" },
  ],
};
const entities = snapshotEntities([{ data: pen }]);

describe("values", () => {
  it("a quote an item reference took fills no other param", () => {
    const c = run("walk 'Biscuit the beagle' please", kennel, { entities });
    expect(c.plan).toEqual([{ tool: "walk_dog", args: { dog: "Biscuit the beagle" } }]);
  });
  it("after an unquoted title, 'with the note' starts the text (where notes are no kind of item)", () => {
    const c = run("add a dog titled Rex with the note shy around cats", kennel);
    expect(c.plan).toEqual([{ tool: "add_dog", args: { title: "Rex", description: "shy around cats" } }]);
  });
  it("dictated text keeps a mark typed on its last word", () => {
    expect(run("add a dog titled Rex with the description: loves balls!", kennel).plan[0]?.args.description).toBe(
      "loves balls!",
    );
  });
  it("on an edit, the text after a colon replaces the field of the item named before it", () => {
    const c = run("edit biscuit the beagle with: walks twice a day", kennel, { entities });
    expect(c.plan[0]?.args).toMatchObject({ dog_id: "d_1", description: "walks twice a day" });
  });
  it("a label word after a colon is the text, not more of the item's name", () => {
    const c = run("comment on the pug: ordered a new harness", kennel, { entities });
    expect(c.plan[0]?.tool).toBe("comment_dog");
    expect(c.plan[0]?.args.text).toBe("ordered a new harness");
  });
  it("a word after 'tagged'/'breed'-like cues is no item reference", () => {
    expect(run("show me dogs tagged beagle", kennel, { entities }).plan[0]?.tool).toBe("list_dogs");
  });
  it("'what walkers have I set up?' lists, it does not create", () => {
    expect(run("what walkers have I set up?", kennel).plan).toEqual([{ tool: "list_walkers", args: {} }]);
  });
  it("a verbless later step adds its values to the call before it", () => {
    const c = run("list the adopted dogs, completed ones included, top 30", kennel);
    expect(c.plan).toEqual([{ tool: "list_dogs", args: { status: "adopted", limit: 30 } }]);
  });
  it("the verb of a relative clause is no value", () => {
    const c = run("show me the dogs that keep escaping", kennel);
    expect(c.plan).toEqual(
      [{ tool: "list_dogs", args: {} }].map((s) => ({ ...s, args: { status: "waiting", limit: 10 } })),
    );
  });
  it("'the newest one' is the first of the previous step's listing", () => {
    const c = run("list the pugs and open the newest one", kennel);
    expect(c.plan[1]).toEqual({ tool: "get_dog", args: { dog_id: "$steps.0.data.dogs.0.dog_id" } });
  });
});

describe("a saving tool, a name that holds a value word, a title before a dash", () => {
  const journal: CatalogEntry[] = [
    tool(
      "create_entry",
      "write",
      obj({ title: { ...S, default: "" }, text: { ...S, default: "" }, shelf_id: { ...S, default: "" } }),
      "Create an entry.",
    ),
    tool(
      "entry_save",
      "write",
      obj(
        {
          entry_id: S,
          field: { type: "string", enum: ["title", "text", "archive", "pin"] },
          shelf_id: { ...S, default: "" },
        },
        ["entry_id", "field"],
      ),
      "Save one field of an entry (title, text, archive, pin).",
    ),
    tool(
      "move_entry",
      "write",
      obj({ entry_id: S, shelf_id: { ...S, default: "" } }, ["entry_id"]),
      "Move an entry to a shelf.",
    ),
  ];
  const shelves = snapshotEntities([
    {
      data: {
        shelves: [
          { shelf_id: "s_1", name: "Recipes" },
          { shelf_id: "s_2", name: "Archive 2026" },
        ],
        entries: [{ entry_id: "e_1", title: "Landlord emails" }],
      },
    },
  ]);
  it("a 'save' tool that needs the entry it saves is no way to make a new one", () => {
    const c = run("new entry in Recipes: Shakshuka - eggs, tomatoes, cumin", journal, { entities: shelves });
    expect(c.plan).toEqual([
      { tool: "create_entry", args: { shelf_id: "s_1", title: "Shakshuka", text: "eggs, tomatoes, cumin" } },
    ]);
  });
  it("a capitalised value word inside a name is the name ('into Archive 2026')", () => {
    expect(run("move Landlord emails into Archive 2026", journal, { entities: shelves }).plan).toEqual([
      { tool: "move_entry", args: { entry_id: "e_1", shelf_id: "s_2" } },
    ]);
  });
});

describe("the past of an item's own verb", () => {
  const chores: CatalogEntry[] = [
    tool("edit_chore", "write", obj({ chore_id: S, due: S }, ["chore_id"]), "Edit a chore."),
    tool("finish_chore", "write", obj({ chore_id: S }, ["chore_id"]), "Mark a chore as finished."),
    tool("drop_chore", "destructive", obj({ chore_id: S }, ["chore_id"]), "Delete a chore."),
  ];
  const entities = snapshotEntities([
    {
      data: {
        chores: [
          { chore_id: "c_1", title: "Send signed lease" },
          { chore_id: "c_2", title: "Call Grandpa" },
          { chore_id: "c_3", title: "Follow up with the plumber" },
        ],
      },
    },
  ]);
  it.each([
    ["sent the lease", "c_1"],
    ["called grandpa ✔", "c_2"],
    ["I followed up with the plumber", "c_3"],
  ])("'%s' reports that chore done", (m, id) => {
    expect(run(m, chores, { entities }).plan).toEqual([{ tool: "finish_chore", args: { chore_id: id } }]);
  });
  it("not when negated", () => {
    expect(run("haven't sent the lease yet", chores, { entities }).plan[0]?.tool).not.toBe("finish_chore");
  });
});

describe("a new time for a known schedule", () => {
  const jobs: CatalogEntry[] = [
    tool(
      "edit_job",
      "write",
      obj({ job_id: I, schedule: { type: "string", description: "Cron schedule" }, note: S }, ["job_id"]),
      "Edit a scheduled job.",
    ),
    tool("pause_job", "write", obj({ job_id: I }, ["job_id"]), "Pause a job."),
  ];
  const entities = snapshotEntities([
    {
      data: {
        jobs: [
          { job_id: 7, name: "Weekday plant watering", schedule: "0 8 * * 1-5" },
          { job_id: 9, name: "Nightly backup", schedule: "30 2 * * *" },
        ],
      },
    },
  ]);
  it("names the job despite the hours said, and keeps its days", () => {
    const c = run("switch the plant watering to run at 9 instead of 8", jobs, { entities });
    expect(c.plan).toEqual([{ tool: "edit_job", args: { job_id: 7, schedule: "0 9 * * 1-5" } }]);
  });
  it("days said anew replace the old ones", () => {
    const c = run("switch the plant watering to run at 9 on saturdays", jobs, { entities });
    expect(c.plan[0]?.args.schedule).toMatch(/^0 9 \* \* (6|SAT|sat)$/);
  });
});

describe("how many, and notes to oneself", () => {
  it("'up to fifty' and 'just five' on a listing are its limit", () => {
    expect(run("list every waiting dog, up to twenty", kennel).plan[0]?.args.limit).toBe(20);
    expect(run("list the dogs, just five", kennel).plan[0]?.args.limit).toBe(5);
  });
  it("'dog to self, ...' is a new one with the rest as its title", () => {
    expect(run("dog to self, Rex the collie", kennel).plan).toEqual([
      { tool: "add_dog", args: { title: "Rex the collie" } },
    ]);
  });
});

describe("off the list", () => {
  const chores: CatalogEntry[] = [
    tool("edit_chore", "write", obj({ chore_id: S, due: S }, ["chore_id"]), "Edit a chore."),
    tool("finish_chore", "write", obj({ chore_id: S }, ["chore_id"]), "Mark a chore as finished."),
  ];
  const entities = snapshotEntities([{ data: { chores: [{ chore_id: "c_5", title: "Buy printer ink" }] } }]);
  it("'take X off my list' is done with X", () => {
    expect(run("take the printer ink off my list", chores, { entities }).plan).toEqual([
      { tool: "finish_chore", args: { chore_id: "c_5" } },
    ]);
  });
});

describe("cards on a wall of boards", () => {
  const ref = (what: string) => ({ type: "string" as const, description: `${what} name or id` });
  const wall: CatalogEntry[] = [
    tool(
      "pin_card",
      "write",
      obj({ name: S, list: ref("List"), board: ref("Board") }, ["name", "list"]),
      "Add a new card.",
    ),
    tool("new_list", "write", obj({ board: ref("Board"), name: S }, ["board", "name"]), "Open a new list on a board."),
    tool("shift_card", "write", obj({ card: ref("Card"), list: ref("List") }, ["card", "list"]), "Move a card."),
    tool("archive_card", "write", obj({ card: ref("Card") }, ["card"]), "Archive a card (kept, out of sight)."),
    tool("delete_card", "destructive", obj({ card: ref("Card") }, ["card"]), "Delete a card for good."),
  ];
  const boards = {
    boards: [{ name: "Garden", lists: ["Ideas", "Now", "Later"] }],
    cards: [{ name: "Prune roses", list: "Now" }],
  };
  const entities = snapshotEntities([{ data: boards }]);
  it("'take X off the board, but don't delete it' archives it", () => {
    const c = run("take prune roses off the board, but don't delete it, maybe next year", wall, { entities });
    expect(c.plan.map((p) => p.tool)).toEqual(["archive_card"]);
  });
});

describe("a param named after another param's value", () => {
  const dns: CatalogEntry[] = [
    tool(
      "zone_lookup",
      "read",
      obj(
        {
          domain: S,
          record_type: { type: "string", enum: ["A", "MX", "TXT", "propagation"], default: "A" },
          propagation_type: { default: null, anyOf: [{ type: "string", enum: ["A", "MX", "TXT"] }, { type: "null" }] },
        },
        ["domain"],
      ),
      "Look up zone records of a domain (A, MX, TXT, propagation).",
    ),
    tool("cert_check", "read", obj({ domain: S }, ["domain"]), "Check the TLS certificate of a domain."),
  ];
  it("'has the new A record for x.io propagated yet?' looks up A propagation", () => {
    expect(run("has the new A record for x-shop.io propagated yet?", dns).plan).toEqual([
      {
        tool: "zone_lookup",
        args: { domain: "x-shop.io", record_type: "propagation", propagation_type: "A" },
      },
    ]);
  });
  it("'look up the MX records of x.io' stays a record type", () => {
    expect(run("look up the MX records of x-shop.io", dns).plan[0]?.args).toMatchObject({ record_type: "MX" });
  });
});

describe("a list of tags", () => {
  const albums: CatalogEntry[] = [
    tool("list_albums", "read", obj({ tags: { type: "array", items: S } }), "List albums, optionally by tags."),
    tool("get_album", "read", obj({ album_id: S }, ["album_id"]), "Open an album."),
  ];
  const shelf = {
    entities: snapshotEntities([{ data: { albums: [{ album_id: "al_1", title: "Kyoto in spring" }] } }]),
  };
  it("'albums tagged both travel and kyoto' filters by both tags, it opens no album named Kyoto", () => {
    expect(run("show albums tagged both travel and kyoto", albums, shelf).plan).toEqual([
      { tool: "list_albums", args: { tags: ["travel", "kyoto"] } },
    ]);
  });
});

describe("two checks of one host", () => {
  const checks: CatalogEntry[] = [
    tool(
      "cert_check",
      "read",
      obj({ host: { type: "string", description: "Domain" } }, ["host"]),
      "Check a certificate.",
    ),
    tool(
      "header_check",
      "read",
      obj({ host: { type: "string", description: "Domain" } }, ["host"]),
      "Check HTTP headers.",
    ),
    tool("mail_check", "read", obj({ host: { type: "string", description: "Domain" } }, ["host"]), "Check mail auth."),
  ];
  it("'check the cert and the header setup for x.io' runs both checks on it", () => {
    expect(run("check the cert and the header setup for x-shop.io", checks).plan).toEqual([
      { tool: "cert_check", args: { host: "x-shop.io" } },
      { tool: "header_check", args: { host: "x-shop.io" } },
    ]);
  });
  it("one check named is one call", () => {
    expect(run("check the cert for x-shop.io", checks).plan).toEqual([
      { tool: "cert_check", args: { host: "x-shop.io" } },
    ]);
  });
});

describe("a period said as a duration", () => {
  it("'from the last 24 hours' is freshness day, 'past 7 days' week", () => {
    const news: CatalogEntry[] = [
      tool(
        "find_news",
        "read",
        obj(
          {
            query: { type: "string", description: "What to look for" },
            freshness: { type: "string", enum: ["any", "day", "week", "month"], default: "any" },
          },
          ["query"],
        ),
        "Find news articles.",
      ),
    ];
    expect(run("news about the tram strike from the last 24 hours", news).plan[0]?.args.freshness).toBe("day");
    expect(run("news about the tram strike, past 7 days", news).plan[0]?.args.freshness).toBe("week");
  });
});

describe("number words", () => {
  const pages: CatalogEntry[] = [
    tool(
      "summarize",
      "read",
      obj({ url: S, sentences: { type: "integer", default: 3 } }, ["url"]),
      "Summarize a page.",
    ),
    tool("list_pages", "read", obj({ limit: { type: "integer", default: 20 } }), "List saved pages."),
  ];
  it("'in one sentence' is 1; 'max twenty-five' is 25", () => {
    expect(run("summarize https://a.example/x in one sentence", pages).plan[0]?.args.sentences).toBe(1);
    expect(run("list my saved pages, max twenty-five", pages).plan[0]?.args.limit).toBe(25);
  });
  it("'Füg sechs Eier zur Einkaufsliste hinzu': the short imperative adds, the number word counts", () => {
    const goods: CatalogEntry[] = [
      tool(
        "add_item",
        "write",
        obj(
          { item: S, quantity: { type: "integer", default: 1 }, list_name: { type: "string", default: "shopping" } },
          ["item"],
        ),
        "Add an item to a shopping list.",
      ),
      tool("list_items", "read", obj({}), "List the items."),
    ];
    expect(run("Füg sechs Eier zur Einkaufsliste hinzu", goods).plan).toEqual([
      { tool: "add_item", args: { item: "Eier", quantity: 6, list_name: "shopping" } },
    ]);
  });
});
