// The items a user's skeleton snapshots show, for the classifier: every object with an id (and its label) in the raw
// section data, nested ones included ("the Dark mode card" inside boards[].cards[]), which the rendered block cuts.
import { collectIds } from "../facts/ledger.js";
import type { KnownEntity } from "../classifier/types.js";

/** Items with ids (and labels) in raw skeleton section data, and the labels of plain string lists. */
export function snapshotEntities(sections: Array<{ data: unknown }>): KnownEntity[] {
  const out: KnownEntity[] = [];
  for (const s of sections) {
    for (const e of collectIds(s.data).entities.values())
      out.push({
        id: e.id,
        ...(e.label ? { label: e.label } : {}),
        key: e.key,
        source: "skeleton",
        ...(e.lists ? { lists: e.lists } : {}),
        ...(e.fields ? { fields: e.fields } : {}),
      });
    labelLists(s.data, out);
  }
  return out;
}

const MAX_LABELS = 500;

/**
 * `{"lists": ["Ideas", "Booked", "Paid"]}`: a board's lists known by name only. The classifier keeps those of the
 * kinds its catalog's params name ("list"), so "move it to paid" can be spelled "Paid" as the board does.
 */
function labelLists(value: unknown, out: KnownEntity[], key = "", depth = 0): void {
  if (depth > 8 || value === null || typeof value !== "object" || out.length > MAX_LABELS) return;
  if (Array.isArray(value)) {
    if (key && value.length <= 200 && value.every((v) => typeof v === "string")) {
      for (const v of value as string[])
        if (v.trim() && v.length <= 80) out.push({ id: v, label: v, key, source: "skeleton", named: true });
      return;
    }
    for (const v of value) labelLists(v, out, key, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) if (v && typeof v === "object") labelLists(v, out, k, depth + 1);
}
