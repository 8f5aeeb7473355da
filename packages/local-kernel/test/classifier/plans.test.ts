// Plan shapes and containers on made-up catalogs: bulk calls for sets, what part of a container goes, one rule per
// rule sentence, a title-like answer, reports in the passive, the first sentence as a title.
import { describe, expect, it } from "vitest";
import { pendingFrom, resolveFollowUp } from "../../src/chat/dialogue.js";
import { classifyEmbedded } from "../../src/classifier/index.js";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { I, obj, run, S, tool } from "./catalog-kit.js";

const jobs: CatalogEntry[] = [
  tool("stop_job", "write", obj({ job_id: I }, ["job_id"])),
  tool(
    "bulk_jobs",
    "destructive",
    obj({ job_ids: { type: "array", items: I }, operation: { type: "string", enum: ["stop", "start"] } }, [
      "operation",
    ]),
  ),
  tool(
    "create_job",
    "write",
    obj(
      {
        trigger: { type: "string", description: "What starts it, e.g. photos.added or system.scheduled" },
        what: S,
        schedule: { type: "string", default: "", description: "Cron schedule" },
      },
      ["trigger", "what"],
    ),
  ),
];

describe("plans", () => {
  it("makes one bulk call for three items, two calls for two", () => {
    expect(run("stop 4, 7 and 9", jobs).plan).toEqual([
      { tool: "bulk_jobs", args: { operation: "stop", job_ids: [4, 7, 9] } },
    ]);
    expect(run("stop jobs 4 and 7", jobs).plan.map((p) => p.tool)).toEqual(["stop_job", "stop_job"]);
  });
  it("reads an event of the examples' shape and 'once a week' for a recurring param", () => {
    const create = jobs.filter((t) => t.name === "create_job");
    expect(run("every time a video gets uploaded, post it to the team chat", create).plan[0]?.args.trigger).toBe(
      "videos.uploaded",
    );
    const every: CatalogEntry[] = [tool("edit_watch", "write", obj({ watch_id: S, every_hours: I }, ["watch_id"]))];
    expect(run("change watch w_1 to once a week", every).plan[0]?.args).toMatchObject({ every_hours: 168 });
  });
  it("keeps a rule sentence one step, and an adjective is no schedule", () => {
    const c = run("whenever a photo gets added, tag it 'unsorted'", jobs);
    expect(c.plan).toHaveLength(1);
    expect(c.plan[0]).toMatchObject({ tool: "create_job", args: { trigger: "photos.added" } });
    expect(c.plan[0]?.args.what).toMatch(/unsorted/);
    expect(run("whenever a photo gets added, put it in my weekly album", jobs).plan[0]?.args.schedule).toBe("");
  });
});

const shelves: CatalogEntry[] = [
  tool("delete_shelf", "destructive", obj({ shelf_id: S }, ["shelf_id"])),
  tool("delete_shelf_with_contents", "destructive", obj({ shelf_id: S }, ["shelf_id"])),
  tool("delete_books_from_shelf", "destructive", obj({ shelf_id: S }, ["shelf_id"])),
  tool("delete_book", "destructive", obj({ book_id: S }, ["book_id"])),
];
const shelfEntities = [{ id: "s_1", label: "Attic", key: "shelf_id" }];

describe("which part of a container goes", () => {
  it("reads 'and everything in it', 'every book in X but keep the shelf' and a plain delete", () => {
    const tools = (m: string) => run(m, shelves, { entities: shelfEntities }).plan.map((p) => p.tool);
    expect(tools("delete the Attic shelf and everything in it")).toEqual(["delete_shelf_with_contents"]);
    expect(tools("delete every book in Attic but keep the shelf itself")).toEqual(["delete_books_from_shelf"]);
    expect(tools("delete the Attic shelf")).toEqual(["delete_shelf"]);
  });
  it("reads 'along with every book inside' and 'die Bücher sollen aber bleiben'", () => {
    const tools = (m: string) => run(m, shelves, { entities: shelfEntities }).plan.map((p) => p.tool);
    expect(tools("nuke the Attic shelf along with every book inside")).toEqual(["delete_shelf_with_contents"]);
    expect(tools("delete the Attic shelf, but the books should stay")).toEqual(["delete_shelf"]);
    expect(tools("wipe out the attic shelf and every book inside")).toEqual(["delete_shelf_with_contents"]);
  });
  it("'empty out the Attic shelf' deletes its books, 'empty the bin' the bin; 'an empty book' is no verb", () => {
    const withBin = [
      ...shelves,
      tool("empty_bin", "destructive", obj({}), "Empty the bin: delete every binned book."),
      tool("add_book", "write", obj({ title: S, shelf_id: S }, ["title"]), "Add a book to a shelf."),
    ];
    const tools = (m: string) => run(m, withBin, { entities: shelfEntities }).plan.map((p) => p.tool);
    expect(tools("empty out the Attic shelf")).toEqual(["delete_books_from_shelf"]);
    expect(tools("please empty the bin")).toEqual(["empty_bin"]);
    expect(tools("send everything on the Attic shelf to the bin, but keep the shelf itself")).toEqual([
      "delete_books_from_shelf",
    ]);
    expect(tools("add an empty book to the Attic shelf")).toEqual(["add_book"]);
  });
});

describe("sentences and clauses", () => {
  const chores: CatalogEntry[] = [
    tool("add_chore", "write", obj({ title: S, due: { type: "string", format: "date" } }, ["title"]), "Add a chore."),
    tool(
      "edit_chore",
      "write",
      obj(
        {
          chore_id: S,
          priority: { type: "string", enum: ["low", "normal", "high"] },
          due: { anyOf: [{ type: "string", format: "date" }, { type: "null" }], description: "Due day, null clears" },
        },
        ["chore_id"],
      ),
      "Edit a chore.",
    ),
    tool("finish_chore", "write", obj({ chore_id: S }, ["chore_id"]), "Mark a chore as done."),
    tool("purge_bin", "destructive", obj({}), "Empty the bin for good."),
  ];
  const house = [{ id: "k_4", label: "Call the plumber", key: "chore_id" }];
  it("'..., done. add a chore to ...' is a second step after the sentence", () => {
    const c = run("called the plumber, done. add a chore to buy a new washer by friday", chores, { entities: house });
    expect(c.plan.map((s) => s.tool)).toEqual(["finish_chore", "add_chore"]);
  });
  it("'make it low priority and drop the due date' is one edit", () => {
    const c = run("the plumber one can wait — make it low priority and drop the due date", chores, { entities: house });
    expect(c.plan).toEqual([{ tool: "edit_chore", args: { chore_id: "k_4", priority: "low", due: null } }]);
  });
  it("'add three chores: a, b, c' adds each; a count that does not match splits nothing", () => {
    const titles = (m: string) => run(m, chores).plan.map((s) => [s.tool, s.args?.title]);
    expect(titles("add three chores: sweep the hall, wash the car, call the plumber")).toEqual([
      ["add_chore", "sweep the hall"],
      ["add_chore", "wash the car"],
      ["add_chore", "call the plumber"],
    ]);
    expect(titles("add chores: sweep the hall, wash the car and water the ferns").map((t) => t[1])).toEqual([
      "sweep the hall",
      "wash the car",
      "water the ferns",
    ]);
    expect(titles("add two chores: sweep the hall, wash the car, call the plumber")).toHaveLength(1);
  });
  it("'…, the bin is fine' states something: no step empties the bin", () => {
    const c = run("finish the plumber chore, the bin is fine", chores, { entities: house });
    expect(c.plan.map((s) => s.tool)).toEqual(["finish_chore"]);
  });
});

const tickets: CatalogEntry[] = [
  tool("create_ticket", "write", obj({ title: S, body: S }, ["title"])),
  tool("find_tickets", "read", obj({ q: S }, ["q"])),
  tool("finish_ticket", "write", obj({ ticket_id: S }, ["ticket_id"]), "Mark a ticket as done."),
];

describe("text, answers and reports", () => {
  it("'I need to log a new ticket' asks for the title: the words before 'a new ticket' are the request", () => {
    const c = run("I need to log a new ticket", tickets);
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["create_ticket.title"]);
  });
  it("dictated text after 'file a ticket:' is one request, its quotes and verbs included", () => {
    const m = "file a ticket: Export drops rows. Steps: open a report, search for 'march', export it";
    expect(run(m, tickets).plan).toEqual([
      {
        tool: "create_ticket",
        args: { title: "Export drops rows", body: "Steps: open a report, search for 'march', export it" },
      },
    ]);
  });
  it("'create a ticket X and write: …' is one create with that text, not two tickets", () => {
    expect(run("create a ticket 'Login loop' and write: happens after reset, only on Safari", tickets).plan).toEqual([
      { tool: "create_ticket", args: { title: "Login loop", body: "happens after reset, only on Safari" } },
    ]);
  });
  it("takes the first sentence as the title and the rest as the body", () => {
    expect(
      run("file a ticket: Export hangs on large files. Seen on Windows and macOS.", tickets).plan[0]?.args,
    ).toEqual({
      title: "Export hangs on large files",
      body: "Seen on Windows and macOS",
    });
  });
  it("keeps a title-like answer that starts with a verb as the answer", () => {
    const p = pendingFrom(run("open a new ticket", tickets))!;
    const input = { message: "Search returns 500 for an empty query", catalog: tickets, now: new Date() };
    expect(resolveFollowUp(p, input, classifyEmbedded(input)).classification.plan[0]).toEqual({
      tool: "create_ticket",
      args: { title: "Search returns 500 for an empty query" },
    });
  });
  it("reads a passive report about a named item as done", () => {
    const entities = [{ id: "k_1", label: "Ethics form", key: "ticket_id" }];
    expect(run("ethics form submitted ✅", tickets, { entities }).plan).toEqual([
      { tool: "finish_ticket", args: { ticket_id: "k_1" } },
    ]);
  });
});
