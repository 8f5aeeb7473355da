import { randomBytes } from "node:crypto";

/** Random opaque id with a prefix, e.g. `doc_3f9a...` (96 bits of entropy). */
export function newId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString("hex")}`;
}
