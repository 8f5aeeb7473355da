// The items a user's skeleton snapshots show, for the classifier: every object with an id (and its label) in the raw
// section data, nested ones included ("the Dark mode card" inside boards[].cards[]), which the rendered block cuts.
import { collectIds } from "../facts/ledger.js";
import type { KnownEntity } from "../classifier/types.js";

/** Items with ids (and labels) in raw skeleton section data. */
export function snapshotEntities(sections: Array<{ data: unknown }>): KnownEntity[] {
  const out: KnownEntity[] = [];
  for (const s of sections) {
    for (const e of collectIds(s.data).entities.values())
      out.push({ id: e.id, ...(e.label ? { label: e.label } : {}), key: e.key, source: "skeleton" });
  }
  return out;
}
