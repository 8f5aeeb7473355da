// "it", "that note", "the first one" and "the first result": references the embedded classifier resolves from the
// history, the fact ledger and the plan's earlier steps.
import { describe, expect, it } from "vitest";
import { classifyEmbedded } from "../../src/classifier/index.js";
import type { CatalogEntry, JsonSchema } from "../../src/classifier/types.js";

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
