// More general rules of the embedded classifier on made-up catalogs: what statements and questions mean (reports,
// hypotheticals, closings), durations, text after a title, clearing fields, taking values out, the newest listing.
import { describe, expect, it } from "vitest";
import { pendingFrom, resolveFollowUp } from "../../src/chat/dialogue.js";
import { checkPlan } from "../../src/chat/safety.js";
import { classifyEmbedded } from "../../src/classifier/index.js";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { obj, run, S, tool } from "./catalog-kit.js";
import { FactLedger } from "../../src/facts/index.js";

const chores: CatalogEntry[] = [
  tool("add_chore", "write", obj({ title: S, details: S, tags: { type: "array", items: S } }, ["title"])),
  tool(
    "edit_chore",
    "write",
    obj(
      {
        chore_id: S,
        details: S,
        tags: { type: ["array", "null"], items: S },
        state: { type: "string", enum: ["todo", "done"] },
      },
      ["chore_id"],
    ),
  ),
  tool("finish_chore", "write", obj({ chore_id: S }, ["chore_id"]), "Mark a chore as done."),
  tool("remove_chore", "destructive", obj({ chore_id: S }, ["chore_id"])),
];
const choreEntities = [
  { id: "c_1", label: "Pay the electricity bill", key: "chore_id" },
  { id: "c_2", label: "Descale the kettle", key: "chore_id" },
];

describe("statements and questions", () => {
  it("reads a past form about a named item as done, and a negated one as not", () => {
    expect(run("paid the electricity bill finally", chores, { entities: choreEntities }).plan).toEqual([
      { tool: "finish_chore", args: { chore_id: "c_1" } },
    ]);
    expect(run("the kettle one isn't done yet, reopen it", chores, { entities: choreEntities }).plan).toEqual([
      { tool: "edit_chore", args: { chore_id: "c_2", state: "todo" } },
    ]);
  });
  it("answers hypothetical questions and closing remarks as chat", () => {
    expect(run("if I remove a chore, can I get it back?", chores).intent).toBe("chat");
    expect(run("does finishing a chore also remove it?", chores).intent).toBe("chat");
    expect(run("ok cool, that's all for now", chores).intent).toBe("chat");
    // ...but a question about the user's items is still a request.
    const listed = [...chores, tool("list_chores", "read", obj({ state: { type: "string", enum: ["todo", "done"] } }))];
    expect(run("is everything done?", listed).plan[0]?.tool).toBe("list_chores");
  });
  it("takes the text after a quoted title as the item's text", () => {
    expect(run('add a chore "Clean windows" - use the new squeegee', chores).plan[0]?.args).toMatchObject({
      title: "Clean windows",
      details: "use the new squeegee",
    });
  });
  it("empties a field for 'remove all tags from X' and keeps the item", () => {
    const message = "remove all tags from descale the kettle";
    const c = run(message, chores, { entities: choreEntities });
    expect(c.plan).toEqual([{ tool: "edit_chore", args: { chore_id: "c_2", tags: [] } }]);
    expect(checkPlan({ message, classification: c, catalog: chores }).classification.plan[0]?.tool).toBe("edit_chore");
  });
  it("splits 'a chore X and a tag Y' only when the second item is of another kind", () => {
    const both: CatalogEntry[] = [...chores, tool("add_label", "write", obj({ name: S }, ["name"]))];
    expect(run("add a chore 'Mop' and a label 'Floors'", both).plan.map((p) => p.tool)).toEqual([
      "add_chore",
      "add_label",
    ]);
  });
});

const ops: CatalogEntry[] = [
  tool(
    "edit_job",
    "write",
    obj({ job_id: S, pause_seconds: { type: "integer" }, every_hours: { type: "integer" } }, ["job_id"]),
  ),
  tool(
    "edit_group",
    "write",
    obj(
      {
        group_id: S,
        add_hosts: { type: "array", items: S },
        remove_hosts: { type: "array", items: S },
      },
      ["group_id"],
    ),
  ),
  tool("delete_group", "destructive", obj({ group_id: S }, ["group_id"])),
  tool("open_page", "read", obj({ url: { type: "string", format: "uri" } }, ["url"]), "Read a web page."),
];
const opsEntities = [
  { id: "j_1", label: "Nightly export", key: "job_id" },
  { id: "g_1", label: "Clients", key: "group_id" },
];

describe("durations, values taken out, the newest listing", () => {
  it("converts a duration to the param's unit", () => {
    expect(run("set the pause of the nightly export to five minutes", ops, { entities: opsEntities }).plan[0]).toEqual({
      tool: "edit_job",
      args: { job_id: "j_1", pause_seconds: 300 },
    });
    expect(run("make the nightly export run daily", ops, { entities: opsEntities }).plan[0]?.args).toMatchObject({
      every_hours: 24,
    });
  });
  it("takes a host out of a group instead of deleting the group", () => {
    const message = "drop shop.example.com from the Clients group";
    const c = run(message, ops, { entities: opsEntities });
    expect(c.plan).toEqual([{ tool: "edit_group", args: { group_id: "g_1", remove_hosts: ["shop.example.com"] } }]);
    const v = checkPlan({ message, classification: c, catalog: ops });
    expect(v.classification.plan[0]?.tool).toBe("edit_group");
  });
  it("opens the second link of the newest listing and keeps a URL's query", () => {
    const l = new FactLedger();
    l.addTurn([
      {
        tool: "search",
        data: {
          results: [
            { title: "A", url: "https://a.example/x" },
            { title: "B", url: "https://b.example/y" },
          ],
        },
      },
    ]);
    expect(run("open the second link", ops, { factLedger: l.entries() }).plan[0]?.args).toEqual({
      url: "https://b.example/y",
    });
    expect(run("read https://c.example/item?id=42&x=1.", ops).plan[0]?.args).toEqual({
      url: "https://c.example/item?id=42&x=1",
    });
  });
});

describe("answers to a question", () => {
  const catalog = [
    tool("lookup", "read", obj({ domain: S, record: { type: "string", enum: ["A", "MX", "NS"] } }, ["domain"])),
  ];
  it("reads a host out of a longer answer, and drops lead-ins from a text answer", () => {
    const first = run("look up the records", catalog);
    const pending = pendingFrom(first)!;
    const input = { message: "for example.org, the NS ones", catalog, now: new Date() };
    const f = resolveFollowUp(pending, input, classifyEmbedded(input));
    expect(f.classification.plan[0]?.args).toMatchObject({ domain: "example.org", record: "NS" });
    const named = [tool("add_chore", "write", obj({ title: S }, ["title"]))];
    const p2 = pendingFrom(run("I want to add a chore", named))!;
    const i2 = { message: "call it Water the ferns", catalog: named, now: new Date() };
    expect(resolveFollowUp(p2, i2, classifyEmbedded(i2)).classification.plan[0]?.args).toEqual({
      title: "Water the ferns",
    });
  });
});

describe("a report of something done", () => {
  const homework: CatalogEntry[] = [
    tool("add_homework", "write", obj({ title: S, due: S }, ["title"]), "Add a homework."),
    tool("finish_homework", "write", obj({ homework_id: S }, ["homework_id"]), "Mark a homework as done."),
  ];
  const given = [{ id: "h_4", label: "Write up lab report 4", key: "homework_id" }];
  it("'handed in lab report 4 this morning' finishes it: 'report' after the past form is no verb", () => {
    expect(run("handed in lab report 4 this morning", homework, { entities: given }).plan).toEqual([
      { tool: "finish_homework", args: { homework_id: "h_4" } },
    ]);
  });
  it("'add homework: essay on tides' still adds one", () => {
    expect(run("add homework: essay on tides", homework, { entities: given }).plan[0]?.tool).toBe("add_homework");
  });
});
