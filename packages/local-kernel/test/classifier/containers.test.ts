// Which part of a container a deletion means when the message says what stays ("der Ordner selbst bleibt", "but
// keep the cards"), in English and German; on a catalog made up here.
import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { snapshotEntities } from "../../src/skeleton/entities.js";
import { obj, run, S, tool } from "./catalog-kit.js";

const B = { type: "boolean", default: false } as const;
const binders: CatalogEntry[] = [
  tool("list_cards", "read", obj({ folder_id: S }), "List the recipe cards of a folder."),
  tool("delete_card", "destructive", obj({ card_id: S }, ["card_id"]), "Delete a recipe card."),
  tool("delete_folder", "destructive", obj({ folder_id: S }, ["folder_id"]), "Delete a folder; its cards stay."),
  tool(
    "delete_cards_from_folder",
    "destructive",
    obj({ folder_id: S, permanent: B }, ["folder_id"]),
    "Delete every card in a folder.",
  ),
  tool(
    "delete_folder_with_contents",
    "destructive",
    obj({ folder_id: S, permanent: B }, ["folder_id"]),
    "Delete a folder together with all the cards in it.",
  ),
];
const shelf = () => ({
  entities: snapshotEntities([{ data: { folders: [{ folder_id: "fo_9", name: "Baking" }] } }]),
});

describe("what a deletion keeps", () => {
  it("'Wirf alle Karten aus dem Ordner Baking weg, der Ordner selbst bleibt' deletes only the cards", () => {
    const r = run(
      "Wirf alle Karten aus dem Ordner Baking in den Papierkorb, der Ordner selbst bleibt",
      binders,
      shelf(),
    );
    expect(r.plan).toEqual([{ tool: "delete_cards_from_folder", args: { folder_id: "fo_9", permanent: false } }]);
  });
  it("'throw all cards out of Baking into the trash, the folder itself stays' deletes only the cards", () => {
    const r = run("throw all cards out of the Baking folder into the trash, the folder itself stays", binders, shelf());
    expect(r.plan[0]?.tool).toBe("delete_cards_from_folder");
  });
  it("'Lösche den Ordner Baking, aber behalte die Karten' deletes only the folder", () => {
    expect(run("Lösche den Ordner Baking, aber behalte die Karten", binders, shelf()).plan).toEqual([
      { tool: "delete_folder", args: { folder_id: "fo_9" } },
    ]);
  });
  it("'Lösche den Ordner Baking mit allen Karten' still takes the cards with it", () => {
    expect(run("Lösche den Ordner Baking samt allen Karten", binders, shelf()).plan[0]?.tool).toBe(
      "delete_folder_with_contents",
    );
  });
});
