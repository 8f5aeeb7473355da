// Words that look like another request: a read verb beside a delete tool's nouns, a field cleared, "back to" a state,
// "instead" on a named item, a deletion kept from its contents or its container; each on a catalog made up here.
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../src/chat/safety.js";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { I, obj, run, S, tool } from "./catalog-kit.js";

const labels: JsonSchema = { type: "array", items: S, description: "Labels (replaces them all)" };
const due: JsonSchema = {
  description: "Return day YYYY-MM-DD, or null to clear",
  anyOf: [{ type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, { type: "null" }],
};
const status: JsonSchema = { type: "string", enum: ["unread", "reading", "finished"] };
const shelfId: JsonSchema = { type: "string", description: "Shelf name or id" };
const library: CatalogEntry[] = [
  tool("list_books", "read", obj({ shelf_id: shelfId, label: S }), "List books, optionally on one shelf."),
  tool("get_book", "read", obj({ book_id: S }, ["book_id"]), "Show one book."),
  tool("add_book", "write", obj({ title: S, shelf_id: shelfId }, ["title"]), "Add a book."),
  tool(
    "edit_book",
    "write",
    obj({ book_id: S, title: S, due, labels, status }, ["book_id"]),
    "Edit a book: title, return day, labels, reading status.",
  ),
  tool("bin_book", "write", obj({ book_id: S }, ["book_id"]), "Move a book to the bin."),
  tool("restore_book", "write", obj({ book_id: S }, ["book_id"]), "Bring a book back from the bin."),
  tool("purge_book", "destructive", obj({ book_id: S }, ["book_id"]), "Delete a book for good."),
  tool("list_shelves", "read", obj({}), "List shelves."),
  tool("delete_shelf", "destructive", obj({ shelf_id: shelfId }, ["shelf_id"]), "Delete a shelf; its books stay."),
  tool(
    "delete_shelf_with_books",
    "destructive",
    obj({ shelf_id: shelfId }, ["shelf_id"]),
    "Delete a shelf and every book on it.",
  ),
  tool(
    "delete_books_from_shelf",
    "destructive",
    obj({ shelf_id: shelfId }, ["shelf_id"]),
    "Delete all books on a shelf; the shelf stays.",
  ),
];
const room = () => ({
  entities: snapshotEntities([
    {
      data: {
        shelves: [{ shelf_id: "sh_1", name: "Attic" }],
        books: [
          { book_id: "b_1", title: "Moby Dick", status: "finished" },
          { book_id: "b_2", title: "Dune", status: "reading", due: "2026-12-20" },
        ],
      },
    },
  ]),
});

describe("a read verb beside a delete tool's nouns", () => {
  it("'show all books in the Attic shelf' lists them, never deletes them", () => {
    expect(run("show all books in the Attic shelf", library, room()).plan).toEqual([
      { tool: "list_books", args: { shelf_id: "sh_1" } },
    ]);
  });
});

describe("a field cleared or a value taken out", () => {
  it("'clear the date' of a named item sets its day to null", () => {
    const c = run("the Dune one doesn't need a return day anymore, clear the date", library, room());
    expect(c.plan).toEqual([{ tool: "edit_book", args: { book_id: "b_2", due: null } }]);
  });
  it("'remove the X label from it, keep Y' keeps Y, and the safety rules leave it an edit", () => {
    const message = "remove the classic label from Dune, keep scifi";
    const c = run(message, library, room());
    expect(c.plan).toEqual([{ tool: "edit_book", args: { book_id: "b_2", labels: ["scifi"] } }]);
    const v = checkPlan({ message, classification: c, catalog: library });
    expect(v.classification.plan[0]?.tool).toBe("edit_book");
  });
  it("a label removed with no new value asks what to change instead of deleting the item", () => {
    const message = "remove the classic label from Dune";
    const c = run(message, library, room());
    const v = checkPlan({
      message,
      classification: { ...c, plan: [{ tool: "edit_book", args: { book_id: "b_2" } }] },
      catalog: library,
    });
    expect(v.classification.plan[0]?.tool).toBe("edit_book");
    expect(v.safety.map((d) => d.code)).toEqual(["UPDATE_WITHOUT_FIELDS"]);
  });
});

describe("back, restore and for good", () => {
  it("'put X back to <state>' changes the state, it restores nothing", () => {
    expect(run("put Dune back to unread", library, room()).plan).toEqual([
      { tool: "edit_book", args: { book_id: "b_2", status: "unread" } },
    ]);
  });
  it("'bring X back' still restores it", () => {
    expect(run("bring Moby Dick back", library, room()).plan[0]?.tool).toBe("restore_book");
  });
  it("'get rid of it for good, I won't need it back' deletes for good", () => {
    expect(run("Moby Dick - get rid of it for good, I won't need it back", library, room()).plan).toEqual([
      { tool: "purge_book", args: { book_id: "b_1" } },
    ]);
  });
});

describe("a container and its contents", () => {
  it("'delete the Attic shelf, books included' takes the books with it", () => {
    expect(run("delete the Attic shelf, books included", library, room()).plan[0]?.tool).toBe(
      "delete_shelf_with_books",
    );
  });
  it("'wipe the Attic shelf and all its books, for good' takes the books with it", () => {
    expect(run("wipe the Attic shelf and all its books, for good", library, room()).plan[0]?.tool).toBe(
      "delete_shelf_with_books",
    );
  });
  it("'..., but the books should stay' deletes only the shelf", () => {
    expect(run("delete the Attic shelf, but the books should stay", library, room()).plan[0]?.tool).toBe(
      "delete_shelf",
    );
  });
  it("'all the books in Attic, but leave the shelf itself' deletes only the books", () => {
    expect(run("delete all the books in Attic, but leave the shelf itself", library, room()).plan).toEqual([
      { tool: "delete_books_from_shelf", args: { shelf_id: "sh_1" } },
    ]);
  });
});

const tickets: CatalogEntry[] = [
  tool("list_tickets", "read", obj({ state: { type: "string", enum: ["open", "closed"] } }), "List tickets."),
  tool("close_ticket", "write", obj({ ticket_id: S }, ["ticket_id"]), "Close a ticket."),
];
const board = () => ({
  entities: snapshotEntities([{ data: { tickets: [{ ticket_id: "17", title: "Login crash on export" }] } }]),
});

describe("a state said of an item, then a verb on 'it'", () => {
  it("'the login crash one is fixed now, close it' closes that one, with no listing first", () => {
    expect(run("the login crash one is fixed now, close it", tickets, board()).plan).toEqual([
      { tool: "close_ticket", args: { ticket_id: "17" } },
    ]);
  });
});

const cron: JsonSchema = { type: "string", description: "Cron expression" };
const jobs: CatalogEntry[] = [
  tool(
    "create_job",
    "write",
    obj({ name: S, schedule: cron, retries: I }, ["name", "schedule"]),
    "Create a scheduled job that runs on a cron schedule.",
  ),
  tool("update_job", "write", obj({ job_id: I, schedule: cron, retries: I }, ["job_id"]), "Change a scheduled job."),
];
const crontab = () => ({
  entities: snapshotEntities([{ data: { jobs: [{ job_id: 3, name: "Nightly backup", schedule: "0 2 * * 1-5" }] } }]),
});

describe("'instead' on a named item", () => {
  it("'make the nightly backup run at 6:15 instead' changes that job and keeps its days", () => {
    expect(run("make the nightly backup run at 6:15 instead", jobs, crontab()).plan).toEqual([
      { tool: "update_job", args: { job_id: 3, schedule: "15 6 * * 1-5" } },
    ]);
  });
  it("'at 9 instead of 8, still weekdays': the old hour is no count, the days said again stay", () => {
    const c = run("change the nightly backup to run at 9 instead of 8, still weekdays", jobs, crontab());
    expect(c.plan).toEqual([{ tool: "update_job", args: { job_id: 3, schedule: "0 9 * * 1-5" } }]);
  });
  it("'move the nightly backup to 6:15 instead': a time alone is the job's new time, on its days", () => {
    expect(run("move the nightly backup to 6:15 instead", jobs, crontab()).plan).toEqual([
      { tool: "update_job", args: { job_id: 3, schedule: "15 6 * * 1-5" } },
    ]);
    expect(run("change the nightly backup to 4:30 instead of 2", jobs, crontab()).plan[0]?.args.schedule).toBe(
      "30 4 * * 1-5",
    );
  });
  it("'make the morning digest run at 7 instead of 8': an old value said means a job that exists, not a new one", () => {
    const entities = snapshotEntities([
      { data: { jobs: [{ job_id: 4, name: "Send the open tickets every weekday morning", schedule: "0 8 * * 1-5" }] } },
    ]);
    expect(run("make the morning digest run at 7 instead of 8", jobs, { entities }).plan).toEqual([
      { tool: "update_job", args: { job_id: 4, schedule: "0 7 * * 1-5" } },
    ]);
  });
});

const groceries: CatalogEntry[] = [
  tool(
    "add_grocery",
    "write",
    obj(
      {
        list_name: { type: "string", default: "groceries" },
        item: { type: "string", description: "The thing to buy" },
        quantity: { type: "integer", default: 1 },
      },
      ["item"],
    ),
    "Add one thing to a grocery list.",
  ),
];

describe("several things for a one-thing tool", () => {
  it("'add rice and 3 tins of beans to the list' is one call per thing, each with its own quantity", () => {
    const c = run("add rice and 3 tins of beans to the list", groceries);
    expect(c.plan.map((s) => [s.args.item, s.args.quantity])).toEqual([
      ["rice", 1],
      ["tins of beans", 3],
    ]);
  });
  it("'a note about rice and beans' on a catalog without a one-thing param stays one call", () => {
    const notes = [tool("add_memo", "write", obj({ text: S }, ["text"]), "Add a memo.")];
    expect(run("add rice and beans to the memo list", notes).plan).toHaveLength(1);
  });
});

describe("a change the words do not pin down", () => {
  const twoCrashes = () => ({
    entities: snapshotEntities([
      {
        data: {
          tickets: [
            { ticket_id: "21", title: "Crash on large uploads" },
            { ticket_id: "22", title: "Crash when offline" },
          ],
        },
      },
    ]),
  });
  it("'close the crash ticket' with two crash tickets asks which one", () => {
    const c = run("close the crash ticket", tickets, twoCrashes());
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["close_ticket.ticket_id"]);
  });
  it("the one a longer name fits is closed", () => {
    expect(run("close the crash when offline ticket", tickets, twoCrashes()).plan).toEqual([
      { tool: "close_ticket", args: { ticket_id: "22" } },
    ]);
  });
  it("'change the title of that book' names no new title", () => {
    const ledger = { entities: room().entities, factLedger: [] };
    const c = run("can you change the title of that book?", library, ledger);
    expect(c.plan[0]?.args.title).toBeUndefined();
  });
  it("'rename X to Archive 2027' renames: a capitalised new name is no enum value", () => {
    const folders: CatalogEntry[] = [
      tool("rename_box", "write", obj({ box_id: S, name: S }, ["box_id", "name"]), "Rename a box."),
      tool(
        "save_letter",
        "write",
        obj({ letter_id: S, box_id: S, field: { type: "string", enum: ["archive", "pin"] } }, ["letter_id"]),
        "Save a letter: archive or pin it.",
      ),
    ];
    const boxes = { entities: snapshotEntities([{ data: { boxes: [{ box_id: "x_1", name: "Old stuff" }] } }]) };
    expect(run("rename Old stuff to Archive 2027", folders, boxes).plan).toEqual([
      { tool: "rename_box", args: { box_id: "x_1", name: "Archive 2027" } },
    ]);
  });
  it("a word of a named item's label is no idiom ('archive the Landing page copy' copies nothing)", () => {
    const letters: CatalogEntry[] = [
      tool("duplicate_letter", "write", obj({ letter_id: S }, ["letter_id"]), "Make a copy of a letter."),
      tool("archive_letter", "write", obj({ letter_id: S }, ["letter_id"]), "Archive a letter."),
    ];
    const box = {
      entities: snapshotEntities([{ data: { letters: [{ letter_id: "l_3", title: "Landing page copy" }] } }]),
    };
    expect(run("archive the landing page copy", letters, box).plan).toEqual([
      { tool: "archive_letter", args: { letter_id: "l_3" } },
    ]);
  });
  it("'I do need that X draft, get it back out of the bin' makes no new book", () => {
    const bin = {
      entities: snapshotEntities([{ data: { books: [{ book_id: "b_7", title: "Draft travel diary" }] } }]),
    };
    const c = run("actually I do need that travel diary draft, get it back out of the bin", library, bin);
    expect(c.plan.map((s) => s.tool)).not.toContain("add_book");
    expect(c.plan.at(-1)).toEqual({ tool: "restore_book", args: { book_id: "b_7" } });
  });
});

const hosts: CatalogEntry[] = [
  tool(
    "audit_hosts",
    "read",
    obj({ domains: { type: "array", items: S, description: "Domains to audit" } }, ["domains"]),
    "Audit domains.",
  ),
  tool(
    "edit_host_group",
    "write",
    obj({ group_id: S, name: S, domains: { type: "array", items: S } }, ["group_id"]),
    "Edit a group of domains.",
  ),
  tool("create_watch", "write", obj({ name: S, domains: { type: "array", items: S } }, ["name"]), "Create a watch."),
  tool(
    "create_host_group",
    "write",
    obj({ name: S, domains: { type: "array", items: S } }, ["name"]),
    "Create a group of domains.",
  ),
  tool("get_watch_results", "read", obj({ watch_id: S }, ["watch_id"]), "Latest results of a watch."),
];
const fleet = () => ({
  entities: snapshotEntities([
    {
      data: {
        groups: [{ group_id: "g_1", name: "Promo", domains: ["a-promo.net", "b-promo.io"] }],
        watches: [{ watch_id: "w_1", name: "Promo domains" }],
      },
    },
  ]),
});

describe("a read stays a read", () => {
  it("'audit all the promo domains' audits the group's domains, it edits no group", () => {
    expect(run("audit all the promo domains", hosts, fleet()).plan).toEqual([
      { tool: "audit_hosts", args: { domains: ["a-promo.net", "b-promo.io"] } },
    ]);
  });
  it("'latest results for the promo domains watch' reads them", () => {
    expect(run("latest results for the promo domains watch", hosts, fleet()).plan[0]?.tool).toBe("get_watch_results");
  });
  it("'make a watch for the promo group' never becomes a new group", () => {
    expect(run("make a watch for the promo group", hosts, fleet()).plan[0]?.tool).not.toBe("create_host_group");
  });
});

describe("sentences and idioms", () => {
  it("'Ok. also add …' after a sentence is a second step", () => {
    const tasks: CatalogEntry[] = [
      tool("add_chore", "write", obj({ title: S }, ["title"]), "Add a chore."),
      tool("finish_chore", "write", obj({ chore_id: S }, ["chore_id"]), "Mark a chore as done."),
    ];
    const house = {
      entities: snapshotEntities([{ data: { chores: [{ chore_id: "k_2", title: "Water the ferns" }] } }]),
    };
    const c = run("watered the ferns. also add a chore to repot the cactus", tasks, house);
    expect(c.plan).toEqual([
      { tool: "finish_chore", args: { chore_id: "k_2" } },
      { tool: "add_chore", args: { title: expect.stringContaining("repot the cactus") } },
    ]);
  });
});

describe("the tool made for it", () => {
  it("'mark X as done' completes with the complete tool, though the edit has a status 'done' too", () => {
    const chores: CatalogEntry[] = [
      tool(
        "edit_chore",
        "write",
        obj({ chore_id: S, status: { type: "string", enum: ["todo", "done"] } }, ["chore_id"]),
        "Edit a chore.",
      ),
      tool("complete_chore", "write", obj({ chore_id: S }, ["chore_id"]), "Mark a chore as done."),
    ];
    const house = { entities: snapshotEntities([{ data: { chores: [{ chore_id: "k_1", title: "Plan party" }] } }]) };
    expect(run("mark plan party as done", chores, house).plan).toEqual([
      { tool: "complete_chore", args: { chore_id: "k_1" } },
    ]);
  });
  it("host names and no IP address are no job for the IP tool", () => {
    const scans: CatalogEntry[] = [
      tool(
        "sweep_ips",
        "write",
        obj({ ips: { type: "array", items: S }, domains: { type: "array", items: S } }),
        "Sweep IP addresses and domains.",
      ),
      tool("sweep_hosts", "write", obj({ domains: { type: "array", items: S } }), "Sweep domains."),
    ];
    expect(run("sweep a-promo.net and b-promo.io now", scans).plan[0]?.tool).toBe("sweep_hosts");
    expect(run("sweep 10.0.0.7 now", scans).plan[0]?.tool).toBe("sweep_ips");
  });
  it("a create that takes the named existing items by id is built from them", () => {
    const watches: CatalogEntry[] = [
      tool(
        "create_watch",
        "write",
        obj({ name: S, group_id: S, profile_id: S }, ["name", "group_id", "profile_id"]),
        "Create a watch from an existing group and profile.",
      ),
      tool(
        "create_watch_full",
        "write",
        obj({ name: S, domains: { type: "array", items: S } }, ["name"]),
        "Create a watch in one step with its own domains.",
      ),
    ];
    const known = {
      entities: snapshotEntities([
        {
          data: {
            groups: [{ group_id: "g_1", name: "Client portals" }],
            profiles: [{ profile_id: "p_1", name: "Full audit" }],
          },
        },
      ]),
    };
    const c = run(
      "create a watch called Partners from the Client portals group with the Full audit profile",
      watches,
      known,
    );
    expect(c.plan[0]?.tool).toBe("create_watch");
    expect(c.plan[0]?.args).toMatchObject({ group_id: "g_1", profile_id: "p_1" });
  });
});

describe("'trash is fine' wants the way back", () => {
  const pins: CatalogEntry[] = [
    tool("trash_pin", "write", obj({ pin_id: S }, ["pin_id"]), "Move a pin to the trash; it can be restored later."),
    tool("delete_pin", "destructive", obj({ pin_id: S }, ["pin_id"]), "Permanently delete a pin."),
  ];
  const entities = [{ id: "p_1", label: "Harbour walk", key: "pin_id" }];
  it.each(["delete the harbour walk pin, trash is fine", "Lösch den Harbour walk Pin, Papierkorb reicht"])(
    "%s moves it to the trash",
    (m) => {
      expect(run(m, pins, { entities }).plan).toEqual([{ tool: "trash_pin", args: { pin_id: "p_1" } }]);
    },
  );
  it("'… for good, don't just trash it' deletes for good", () => {
    expect(run("delete the harbour walk pin for good, don't just trash it", pins, { entities }).plan[0]?.tool).toBe(
      "delete_pin",
    );
  });
});
