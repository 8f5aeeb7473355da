// Questions asked about things in general are conversation; questions about what the user kept are a search; a
// second step after an enum word used as a verb; labels said as hyphenated compounds; each on a catalog made up here.
import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { obj, run, S, tool } from "./catalog-kit.js";

const state = { type: "string", enum: ["open", "done"], default: "open" } as const;
const journal: CatalogEntry[] = [
  tool("list_entries", "read", obj({ tag: S, state }), "List journal entries."),
  tool("search_entries", "read", obj({ query: S }, ["query"]), "Search journal entries by text."),
  tool("get_entry", "read", obj({ entry_id: S }, ["entry_id"]), "Open one journal entry."),
  tool("add_entry", "write", obj({ title: S, shelf_id: S }, ["title"]), "Write a new journal entry."),
  tool("drop_entry", "destructive", obj({ entry_id: S }, ["entry_id"]), "Delete a journal entry for good."),
  tool("clear_shelf", "destructive", obj({ shelf_id: S }, ["shelf_id"]), "Delete all journal entries on a shelf."),
  tool("check_cipher", "read", obj({ cipher: S }, ["cipher"]), "Check the strength of a cipher setting."),
  tool("sync_status", "read", obj({}), "Show whether the journal is connected to its sync service."),
];
const desk = () => ({
  entities: snapshotEntities([
    {
      data: {
        entries: [
          { entry_id: "e_1", title: "Meeting notes: vendor call" },
          { entry_id: "e_2", title: "Garden plan" },
        ],
        shelves: [{ shelf_id: "s_3", name: "Garden" }],
      },
    },
  ]),
});

describe("questions about things in general are conversation", () => {
  for (const message of [
    "what does AES actually protect against?",
    "hey, what can you actually do with my entries?",
    "can an entry live in two shelves at once?",
    "do you keep my entries in the cloud or on this device?",
    "how is the weekly entry different from the daily one?",
    "how do I get a new API token for the sync service?",
    "hi! what can you do with my entries?",
    "what does open mean compared to done?",
    "what does a shelf mean for an entry?",
    "Kann man endgültiges Löschen irgendwie rückgängig machen?",
    "how do I write a good entry title for a garden plan?",
  ])
    it(`'${message}' is chat`, () => {
      const c = run(message, journal, desk());
      expect(c.intent).toBe("chat");
      expect(c.plan).toEqual([]);
    });
  it("a request phrased as a question still runs: 'can you check the cipher aes-256?'", () => {
    expect(run("can you check the cipher aes-256?", journal).plan[0]?.tool).toBe("check_cipher");
  });
});

describe("what the user kept", () => {
  it("'did I write anything down about the boiler?' searches for it", () => {
    expect(run("did I write anything down about the boiler?", journal).plan).toEqual([
      { tool: "search_entries", args: { query: "boiler" } },
    ]);
  });
});

describe("steps", () => {
  it("'... and open the first one' is a second step although 'open' is also an enum value", () => {
    const c = run("list my entries tagged home and open the first one", journal);
    expect(c.plan.map((s) => s.tool)).toEqual(["list_entries", "get_entry"]);
    expect(c.plan[1]?.args.entry_id).toMatch(/^\$steps\.0\./);
  });
  it("'open and done entries' keeps the enum values in one listing", () => {
    expect(run("list open and done entries", journal).plan).toHaveLength(1);
  });
});

describe("labels and verbs", () => {
  it("a hyphenated compound names the item by its words ('die Notiz mit dem Vendor-Call')", () => {
    expect(run("lösch den Eintrag mit dem Vendor-Call endgültig", journal, desk()).plan).toEqual([
      { tool: "drop_entry", args: { entry_id: "e_1" } },
    ]);
  });
  it("with no verb at all nothing is deleted ('Eintrag in den Garden-Ordner: …')", () => {
    const c = run("Eintrag ins Garden-Regal: Rasen im März vertikutieren", journal, desk());
    expect(c.plan.map((s) => s.tool)).not.toContain("clear_shelf");
    expect(c.is_destructive).toBe(false);
  });
});

describe("German values", () => {
  const boxes: CatalogEntry[] = [
    tool("create_box", "write", obj({ name: S }, ["name"]), "Create a box."),
    tool("wave", "read", obj({ name: { type: "string", default: "everyone" } }), "Wave hello to someone."),
    tool("list_boxes", "read", obj({ limit: { type: "integer", default: 20 } }), "List boxes, newest first."),
    tool("search_boxes", "read", obj({ query: S }, ["query"]), "Search boxes by text."),
  ];
  it("'einen Ordner namens X' names it X", () => {
    expect(run("Erstelle eine Box namens Rechnungen 2028", boxes).plan).toEqual([
      { tool: "create_box", args: { name: "Rechnungen 2028" } },
    ]);
  });
  it("'die letzten fünf' is a limit", () => {
    expect(run("Zeig mir meine letzten fünf Boxen", boxes).plan[0]?.args.limit).toBe(5);
  });
  it("'Such mal nach Boxen über X' searches for X ('mal nach' is no query)", () => {
    const q = String(run("Such mal nach Boxen über Versicherung", boxes).plan[0]?.args.query);
    expect(q).toMatch(/Versicherung$/);
    expect(q).not.toMatch(/mal|nach/);
  });
});

describe("a tag taken off an item named by 'that'", () => {
  const notes: CatalogEntry[] = [
    tool(
      "edit_memo",
      "write",
      obj({ memo_id: S, tags: { type: "array", items: S, description: "Tags (replaces them all)" } }, ["memo_id"]),
      "Edit a memo.",
    ),
  ];
  const memo = {
    entities: snapshotEntities([
      { data: { memos: [{ memo_id: "m_1", title: "Book club", tags: ["club", "books"] }] } },
    ]),
  };
  it("'take the club tag off that memo, keep the books one' leaves books", () => {
    const c = run("take the club tag off the book club memo, keep the books one", notes, memo);
    expect(c.plan).toEqual([{ tool: "edit_memo", args: { memo_id: "m_1", tags: ["books"] } }]);
  });
});

describe("small words", () => {
  it("'is the sync hooked up?' asks for the sync status", () => {
    expect(run("is the sync service hooked up?", journal).plan[0]?.tool).toBe("sync_status");
  });
  it("'take x.io off the promo group' removes it from the group", () => {
    const groups: CatalogEntry[] = [
      tool(
        "edit_group",
        "write",
        obj(
          {
            group_id: S,
            add_domains: { type: "array", items: S },
            remove_domains: { type: "array", items: S },
          },
          ["group_id"],
        ),
        "Add or remove domains of a group.",
      ),
    ];
    const promo = { entities: snapshotEntities([{ data: { groups: [{ group_id: "g_1", name: "Promo" }] } }]) };
    expect(run("take x-shop.io off the promo group, that campaign is over", groups, promo).plan[0]?.args).toMatchObject(
      {
        group_id: "g_1",
        remove_domains: ["x-shop.io"],
      },
    );
  });
});
