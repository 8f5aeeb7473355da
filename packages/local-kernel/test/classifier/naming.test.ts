// How a message names a tool or an item beyond its verb, each rule on a catalog made up here: a value only one tool
// offers, a tool's own word said as a noun, a file by its extension, the create that a "tag it" belongs to, and the
// questions and statements that ask for no call.
import { describe, expect, it } from "vitest";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";
import { FactLedger } from "../../src/facts/index.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { obj, run, S } from "./catalog-kit.js";
import { tool } from "./catalog-kit.js";

const E = (values: string[], dflt?: string): JsonSchema => ({
  type: "string",
  enum: values,
  ...(dflt ? { default: dflt } : {}),
});

const radio: CatalogEntry[] = [
  tool("tune_check", "read", obj({ station: S }, ["station"]), "Check a station's signal."),
  tool("noise_check", "read", obj({ station: S }, ["station"]), "Check a station's noise floor."),
  tool(
    "band_lookup",
    "read",
    obj({ station: S, band: E(["AM", "FM", "DAB", "LW"], "FM") }, ["station"]),
    "Look up bands.",
  ),
  tool("survey_stations", "read", obj({ stations: { type: "array", items: S } }, ["stations"]), "Survey stations."),
  tool("scan_station", "write", obj({ station: S }, ["station"]), "Scan a station now."),
];

describe("a value only one tool offers", () => {
  it("names that tool over a verb other tools are named by", () => {
    const c = run("check the DAB bands for radio-kiel.de", radio);
    expect(c.plan).toEqual([{ tool: "band_lookup", args: { station: "radio-kiel.de", band: "DAB" } }]);
  });
  it("does not when the value is also a verb (a state asked for)", () => {
    const doors: CatalogEntry[] = [
      tool("list_doors", "read", obj({ state: E(["open", "closed"]) }), "List doors."),
      tool("close_door", "write", obj({ door_id: { type: "integer" } }, ["door_id"]), "Close a door."),
    ];
    expect(run("mark door 30 as closed", doors).plan).toEqual([{ tool: "close_door", args: { door_id: 30 } }]);
  });
});

describe("a tool's own word said as a noun", () => {
  it("'run a survey on …' is the survey tool, not the tool the verb names", () => {
    const c = run("run a survey on kiel.de and luebeck.de", radio);
    expect(c.plan[0]?.tool).toBe("survey_stations");
  });
});

describe("a file named by its extension", () => {
  const album: CatalogEntry[] = [
    tool("delete_album", "destructive", obj({ album_id: S }, ["album_id"]), "Delete an album."),
    tool("remove_file", "destructive", obj({ album_id: S, file_id: S }, ["album_id", "file_id"]), "Remove a file."),
  ];
  const ledger = () => {
    const l = new FactLedger();
    l.addTurn([
      {
        tool: "get_album",
        data: {
          album_id: "al_7",
          title: "Harbour walk",
          files: [
            { file_id: "f_1", name: "harbour_dawn.png" },
            { file_id: "f_2", name: "harbour_dusk.mov" },
          ],
        },
      },
    ]);
    return l.entries();
  };
  it("removes the file, not the album it is in; the first one named is the object", () => {
    const c = run("remove the mov from the harbour walk album, the png can stay", album, { factLedger: ledger() });
    expect(c.plan).toEqual([{ tool: "remove_file", args: { album_id: "al_7", file_id: "f_2" } }]);
  });
});

describe("'tag it' after a create", () => {
  const pins: CatalogEntry[] = [
    tool("create_pin", "write", obj({ title: S, labels: { type: "array", items: S } }, ["title"]), "Create a pin."),
    tool("update_pin", "write", obj({ pin_id: S, labels: { type: "array", items: S } }, ["pin_id"]), "Update a pin."),
  ];
  it("is one create call with the tags", () => {
    for (const m of ["make a pin called Lisbon and tag it travel", "create a pin called Lisbon, then tag it travel"])
      expect(run(m, pins).plan).toEqual([{ tool: "create_pin", args: { title: "Lisbon", labels: ["travel"] } }]);
  });
});

describe("questions and statements that ask for no call", () => {
  const cards: CatalogEntry[] = [
    tool("archive_card", "write", obj({ card: S }, ["card"]), "Archive a card."),
    tool("delete_chore", "destructive", obj({ chore_id: S }, ["chore_id"]), "Delete a chore."),
    tool("get_chore", "read", obj({ chore_id: S }, ["chore_id"]), "Get a chore."),
  ];
  it.each([
    "how do I get an archived card back, is it gone?",
    "can deleted chores be recovered somehow?",
    "what's a good way to organise chores in general?",
  ])("%s is chat", (m) => {
    expect(run(m, cards)).toMatchObject({ intent: "chat", plan: [] });
  });
  it("'looks fixed, close it': the clause before the command is a statement, not a step", () => {
    const tickets: CatalogEntry[] = [
      tool("list_tickets", "read", obj({ state: E(["open", "closed"]) }), "Look for tickets."),
      tool("close_ticket", "write", obj({ ticket_id: S }, ["ticket_id"]), "Close a ticket."),
    ];
    const l = new FactLedger();
    l.addTurn([{ tool: "get_ticket", data: { ticket_id: "T-9", title: "Printer jams" } }]);
    const c = run("looks fixed in the last build, close it", tickets, { factLedger: l.entries() });
    expect(c.plan).toEqual([{ tool: "close_ticket", args: { ticket_id: "T-9" } }]);
  });
});

describe("values beside a named item", () => {
  const jars: CatalogEntry[] = [
    tool("create_jar", "write", obj({ title: S, body: S }, ["title"]), "Create a jar."),
    tool(
      "update_jar",
      "write",
      obj({ jar_id: S, title: S, labels: { type: "array", items: S } }, ["jar_id"]),
      "Update a jar.",
    ),
  ];
  const entities = [{ id: "j_3", label: "Plum jam batch", key: "jar_id" }];
  it("a word of the label said again is the new value, not part of the label", () => {
    const c = run("set the labels on the plum jam jar to plum and gifts", jars, { entities });
    expect(c.plan).toEqual([{ tool: "update_jar", args: { jar_id: "j_3", labels: ["plum", "gifts"] } }]);
  });
  it("after a quoted title and a colon the text runs over its own sentences", () => {
    const c = run("create a jar 'Questions for Ana' with: sugar? pectin? how long?", jars);
    expect(c.plan).toEqual([
      { tool: "create_jar", args: { title: "Questions for Ana", body: "sugar? pectin? how long" } },
    ]);
  });
});

describe("a position in the previous step's listing", () => {
  it("points into the listing tool's plural when the tool declares no result", () => {
    const pins: CatalogEntry[] = [
      tool("list_pins", "read", obj({ label: S }), "List pins."),
      tool("get_pin", "read", obj({ pin_id: S }, ["pin_id"]), "Open a pin."),
    ];
    const c = run("list my pins labelled travel and open the second one", pins);
    expect(c.plan[1]).toEqual({ tool: "get_pin", args: { pin_id: "$steps.0.data.pins.1.pin_id" } });
  });
});

describe("a light verb and its object", () => {
  const sweeps: CatalogEntry[] = [
    tool("run_sweep", "write", obj({ stations: { type: "array", items: S } }, ["stations"]), "Sweep stations now."),
    tool("signal_check", "read", obj({ station: S }, ["station"]), "Check a station's signal."),
    tool("licence_check", "read", obj({ domain: S }, ["domain"]), "Check a domain's licence and when it ends."),
  ];
  it("'run a check on X' is the check, not the tool named after running", () => {
    expect(run("run a signal check on kiel.de", sweeps).plan[0]?.tool).toBe("signal_check");
    expect(run("run every check on kiel.de", sweeps).plan[0]?.tool).not.toBe("run_sweep");
  });
  it("'how do the headers look on X' asks for their state, no lookup", () => {
    const hdr: CatalogEntry[] = [
      tool("dns_lookup", "read", obj({ domain: S }, ["domain"]), "Look up DNS records."),
      tool("header_check", "read", obj({ domain: S }, ["domain"]), "Grade a domain's security headers."),
    ];
    expect(run("how do the security headers look on kiel.de", hdr).plan[0]?.tool).toBe("header_check");
  });
  it("'run out' is to expire, not to run", () => {
    expect(run("when does the licence of kiel.de run out?", sweeps).plan).toEqual([
      { tool: "licence_check", args: { domain: "kiel.de" } },
    ]);
  });
});

describe("a second item of another kind", () => {
  const desk: CatalogEntry[] = [
    tool("create_memo", "write", obj({ title: S }, ["title"]), "Create a memo."),
    tool("create_chore", "write", obj({ title: S, due: S }, ["title"]), "Create a chore."),
    tool("update_chore", "write", obj({ chore_id: S, due: S, title: S }, ["chore_id"]), "Update a chore."),
  ];
  it("'… and a chore to X' creates that chore, its verb being part of the title", () => {
    const c = run('make a memo "Race day" and a chore to pin my race number', desk);
    expect(c.plan.map((s) => s.tool)).toEqual(["create_memo", "create_chore"]);
    expect(c.plan[1]?.args).toMatchObject({ title: expect.stringContaining("race number") });
  });
  it("never takes the memo's id for a chore's", () => {
    const c = run('make a memo "Race day" and then move its chore to friday', desk);
    expect(JSON.stringify(c.plan)).not.toContain("$steps.0.data");
  });
});

describe("every item inside a container", () => {
  const shelf: CatalogEntry[] = [
    tool("delete_shelf", "destructive", obj({ shelf_id: S }, ["shelf_id"]), "Delete an empty shelf."),
    tool(
      "delete_shelf_with_contents",
      "destructive",
      obj({ shelf_id: S }, ["shelf_id"]),
      "Delete a shelf and its books.",
    ),
    tool("delete_books_from_shelf", "destructive", obj({ shelf_id: S }, ["shelf_id"]), "Delete the books on a shelf."),
    tool("delete_book", "destructive", obj({ book_id: S }, ["book_id"]), "Delete a book."),
  ];
  const entities = [{ id: "s_2", label: "Attic", key: "shelf_id" }];
  it("'all the books on the Attic shelf' empties the shelf and keeps it", () => {
    for (const m of ["trash all the books on the Attic shelf", "delete every book from the Attic shelf"])
      expect(run(m, shelf, { entities }).plan).toEqual([
        { tool: "delete_books_from_shelf", args: { shelf_id: "s_2" } },
      ]);
  });
  it("'the Attic shelf, books and all' takes the shelf with them", () => {
    expect(run("wipe the Attic shelf, books and all", shelf, { entities }).plan).toEqual([
      { tool: "delete_shelf_with_contents", args: { shelf_id: "s_2" } },
    ]);
  });
});

describe("an existing item after 'make' and 'put'", () => {
  const watch: CatalogEntry[] = [
    tool("create_watch", "write", obj({ name: S, every_hours: { type: "integer" } }, ["name"]), "Create a watch."),
    tool(
      "update_watch",
      "write",
      obj({ watch_id: S, every_hours: { type: "integer" } }, ["watch_id"]),
      "Edit a watch.",
    ),
    tool("finish_watch", "write", obj({ watch_id: S }, ["watch_id"]), "Mark a watch as done."),
    tool(
      "set_watch_state",
      "write",
      obj({ watch_id: S, state: { type: "string", enum: ["todo", "in_progress", "done"] } }, ["watch_id"]),
      "Set a watch's state.",
    ),
  ];
  const entities = [{ id: "w_9", label: "Harbour cams", key: "watch_id" }];
  it("'make the harbour watch check every 6 hours' edits that watch", () => {
    expect(run("make the harbour watch check every 6 hours", watch, { entities }).plan[0]?.tool).toBe("update_watch");
  });
  it("'make the cams watch hourly': one small word of a long label, with 'the' and the kind, names the item", () => {
    const long = [{ id: "w_9", label: "Check the harbour cams for Friday", key: "watch_id" }];
    expect(run("make the cams watch check every 2 hours", watch, { entities: long }).plan[0]).toMatchObject({
      tool: "update_watch",
      args: { watch_id: "w_9", every_hours: 2 },
    });
  });
  it("'have the harbour watch check every 12 hours instead of every 6' edits that watch", () => {
    expect(
      run("have the harbour cams watch check every 12 hours instead of every 6", watch, { entities }).plan[0],
    ).toMatchObject({ tool: "update_watch", args: { watch_id: "w_9", every_hours: 12 } });
  });
  it("'put X in progress' asks for that state, it reports nothing done", () => {
    expect(run('put "harbour cams" in progress', watch, { entities }).plan[0]?.tool).not.toBe("finish_watch");
  });
});

describe("asking to have an item", () => {
  const rules: CatalogEntry[] = [
    tool("list_rules", "read", obj({ scheduled_only: { type: "boolean" } }), "List rules."),
    tool(
      "create_rule",
      "write",
      obj({ event_type: S, action_description: S }, ["event_type", "action_description"]),
      "Create a rule; event e.g. system.scheduled.",
    ),
  ];
  it("'I want a rule that runs on a schedule' creates one and asks what it does", () => {
    const c = run("I want a rule that runs on a schedule", rules);
    expect(c.plan[0]?.tool).toBe("create_rule");
    expect(c.plan[0]?.args).not.toHaveProperty("action_description");
    expect(c.intent).toBe("clarify");
  });
});

describe("shorthand the catalog's words allow", () => {
  const chores: CatalogEntry[] = [
    tool("create_chore", "write", obj({ title: S, due: S }, ["title"]), "Create a chore."),
    tool("update_chore", "write", obj({ chore_id: S, due: S }, ["chore_id"]), "Update a chore."),
    tool(
      "update_alarm",
      "write",
      obj({ alarm_id: { type: "integer" }, alert: { type: "string", enum: ["all", "failures", "off"] } }, ["alarm_id"]),
      "Change an alarm.",
    ),
    tool("pause_alarm", "write", obj({ alarm_id: { type: "integer" } }, ["alarm_id"]), "Pause an alarm."),
  ];
  it("'chore for saturday: X' creates the chore due that day", () => {
    const c = run("chore for saturday: take the bins out", chores);
    expect(c).toMatchObject({ intent: "action" });
    expect(c.plan).toEqual([{ tool: "create_chore", args: { title: "take the bins out", due: "2026-12-05" } }]);
  });
  it("a duration beside a rule named by its words leaves the label to name the rule", () => {
    const timers: CatalogEntry[] = [
      tool(
        "update_timer",
        "write",
        obj({ timer_id: { type: "integer" }, cooldown_seconds: { type: "integer" } }, ["timer_id"]),
        "Change a timer.",
      ),
    ];
    const entities = [
      { id: "17", label: "Ping me on Slack when a chore is late", key: "timer_id" },
      { id: "19", label: "Weekly backup to Drive", key: "timer_id" },
    ];
    expect(run("set the cooldown on the slack ping timer to 5 minutes", timers, { entities }).plan).toEqual([
      { tool: "update_timer", args: { timer_id: 17, cooldown_seconds: 300 } },
    ]);
  });
  it("'when it fails' is the value failures", () => {
    const c = run("only alert me about alarm 26 when it fails", chores);
    expect(c.plan[0]).toMatchObject({ tool: "update_alarm", args: { alarm_id: 26, alert: "failures" } });
  });
});

describe("a result named by its site", () => {
  it("'summarise the gov.uk one' takes that result's url", () => {
    const pages: CatalogEntry[] = [
      tool("find_pages", "read", obj({ query: S }, ["query"]), "Find pages."),
      tool("digest_page", "read", obj({ url: S, sentences: { type: "integer" } }, ["url"]), "Digest a page."),
    ];
    const l = new FactLedger();
    l.addTurn([
      {
        tool: "find_pages",
        data: {
          results: [
            { title: "Grants", url: "https://www.gov.uk/heat-grants" },
            { title: "Forum", url: "https://forum.example.org/t/heat" },
          ],
        },
      },
    ]);
    expect(run("digest the gov.uk one in 2 sentences", pages, { factLedger: l.entries() }).plan).toEqual([
      { tool: "digest_page", args: { url: "https://www.gov.uk/heat-grants", sentences: 2 } },
    ]);
  });
});

describe("a set of items and the tool that acts on many", () => {
  it("'pause all my timers that never fired' is the bulk tool with that operation", () => {
    const timers: CatalogEntry[] = [
      tool("pause_timer", "write", obj({ timer_id: { type: "integer" } }, ["timer_id"]), "Pause a timer."),
      tool(
        "bulk_timer_action",
        "write",
        obj(
          {
            timer_ids: { type: "array", items: { type: "integer" } },
            operation: { type: "string", enum: ["pause", "resume", "delete"] },
            never_fired: { type: "boolean" },
          },
          ["operation"],
        ),
        "Act on many timers at once.",
      ),
    ];
    expect(run("pause all my timers that never fired", timers).plan).toEqual([
      { tool: "bulk_timer_action", args: { operation: "pause", never_fired: true } },
    ]);
  });
});

describe("a word of an item's name is no tool noun", () => {
  const watches: CatalogEntry[] = [
    tool(
      "create_watch",
      "write",
      obj({ name: S, group_id: S, profile_id: S, every_hours: { type: "integer", default: 24 } }, [
        "name",
        "group_id",
        "profile_id",
      ]),
      "Create a watch from an existing group and profile.",
    ),
    tool(
      "create_watch_full",
      "write",
      obj({ name: S, hosts: { type: "array", items: S, default: [] }, every_hours: { type: "integer", default: 24 } }, [
        "name",
      ]),
      "Create a watch in one step: a host group, a check profile and the watch, all with one name.",
    ),
  ];
  const entities = [
    { id: "g_2", label: "Client hosts", key: "group_id" },
    { id: "p_2", label: "Full audit", key: "profile_id" },
  ];
  it("'… with the full audit profile' builds the watch from that profile, not the one-step 'full' tool", () => {
    const m = "set up a watch 'Clients' with the client hosts group and the full audit profile, every 6 hours";
    expect(run(m, watches, { entities }).plan).toEqual([
      { tool: "create_watch", args: { name: "Clients", group_id: "g_2", profile_id: "p_2", every_hours: 6 } },
    ]);
  });
  it("'a full watch' still names the one-step tool", () => {
    expect(run("set up a full watch 'Clients' for a-shop.io", watches, { entities }).plan[0]?.tool).toBe(
      "create_watch_full",
    );
  });
});

describe("a rename that says no new name", () => {
  const pins: CatalogEntry[] = [
    tool("update_pin", "write", obj({ pin_id: S, title: { type: "string", default: "" }, note: S }, ["pin_id"])),
    tool("add_pin", "write", obj({ title: S }, ["title"])),
  ];
  const entities = [{ id: "p_3", label: "Harbour cafe", key: "pin_id" }];
  it("'rename the harbour pin' asks for the new title; 'rename … to Dockside' needs nothing", () => {
    const c = run("rename the harbour pin", pins, { entities });
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["update_pin.title"]);
    expect(run("rename the harbour pin to Dockside", pins, { entities }).plan).toEqual([
      { tool: "update_pin", args: { pin_id: "p_3", title: "Dockside" } },
    ]);
  });
  it("the new name may share words with the old one, and keeps its brackets", () => {
    expect(run("rename the harbour pin to Harbour cafe (closed)", pins, { entities }).plan).toEqual([
      { tool: "update_pin", args: { pin_id: "p_3", title: "Harbour cafe (closed)" } },
    ]);
    const wifi = [{ id: "p_4", label: "Wifi code for guests", key: "pin_id" }];
    expect(run("rename the wifi pin to Guest network", pins, { entities: wifi }).plan).toEqual([
      { tool: "update_pin", args: { pin_id: "p_4", title: "Guest network" } },
    ]);
    const rome = [{ id: "p_5", label: "Trip to Rome", key: "pin_id" }];
    expect(run("rename Trip to Rome to Rome 2027", pins, { entities: rome }).plan).toEqual([
      { tool: "update_pin", args: { pin_id: "p_5", title: "Rome 2027" } },
    ]);
  });
});

describe("the tool's own kind is no label", () => {
  it("'I want to retag one of my pins' asks which pin, with no tag 'pins'", () => {
    const pins: CatalogEntry[] = [
      tool("update_pin", "write", obj({ pin_id: S, tags: { type: "array", items: S } }, ["pin_id"])),
    ];
    const c = run("I want to retag one of my pins", pins, {
      entities: [{ id: "p_3", label: "Harbour", key: "pin_id" }],
    });
    expect(c.plan).toEqual([{ tool: "update_pin", args: {} }]);
    expect(c.missing).toEqual(["update_pin.pin_id"]);
  });
});

describe("'that one' after a result of two", () => {
  it("asks which, also when one of the two has its label only in the skeleton", () => {
    const rules: CatalogEntry[] = [tool("pause_rule", "write", obj({ rule_id: { type: "integer" } }, ["rule_id"]))];
    const ledger = new FactLedger();
    ledger.addTurn([
      {
        tool: "list_rules",
        data: {
          rules: [
            { rule_id: 9, status: "error" },
            { rule_id: 13, description: "Email me on alerts" },
          ],
        },
      },
    ]);
    const entities = [{ id: "9", label: "Post to the wins channel", key: "rule_id" }];
    const c = run("pause that rule", rules, { factLedger: ledger.entries(), entities });
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["pause_rule.rule_id"]);
  });
});

describe("a number with a possessive", () => {
  it("'change rule 3's cooldown to 60' names rule 3", () => {
    const rules: CatalogEntry[] = [
      tool(
        "update_rule",
        "write",
        obj({ rule_id: { type: "integer" }, cooldown_seconds: { type: "integer" } }, ["rule_id"]),
      ),
    ];
    expect(run("change rule 3's cooldown to 60 seconds", rules).plan).toEqual([
      { tool: "update_rule", args: { rule_id: 3, cooldown_seconds: 60 } },
    ]);
  });
});

describe("a verb-like word after a determiner and an adjective is a noun", () => {
  it("'turn the weekly export back on' resumes the rule named so, nothing is exported", () => {
    const rules: CatalogEntry[] = [
      tool("resume_rule", "write", obj({ rule_id: { type: "integer" } }, ["rule_id"]), "Resume a paused rule."),
      tool("export_rules", "read", obj({}), "Export all rules as CSV."),
    ];
    const entities = snapshotEntities([{ data: { rules: [{ rule_id: 11, name: "Weekly export of tasks" }] } }]);
    expect(run("turn the weekly export back on", rules, { entities }).plan).toEqual([
      { tool: "resume_rule", args: { rule_id: 11 } },
    ]);
  });
});

describe("what goes is named first", () => {
  it("'the dock.jpg on the harbour pin isn't needed, remove it' deletes the photo, not the pin", () => {
    const pins: CatalogEntry[] = [
      tool("delete_pin", "destructive", obj({ pin_id: S }, ["pin_id"]), "Delete a pin."),
      tool("delete_photo", "destructive", obj({ pin_id: S, photo_id: S }, ["pin_id", "photo_id"]), "Remove a photo."),
    ];
    const entities = [
      { id: "p_1", label: "Harbour walk", key: "pin_id" },
      { id: "ph_7", label: "dock.jpg", key: "photo_id" },
    ];
    for (const m of [
      "remove the dock.jpg on the harbour walk pin",
      "the dock.jpg on the harbour walk pin isn't needed, remove it",
    ])
      expect(run(m, pins, { entities }).plan[0]?.tool).toBe("delete_photo");
  });
});
