// Deleting a monitor deletes its snapshots; groups and profiles cascade to their monitors through this.
import type { StoreClient } from "@imperal/sdk";
import { C, listOwn, type Doc, type Monitor } from "./store.js";

/** Deletes a monitor and all of its snapshots; returns how many snapshots went. */
export async function deleteMonitorCascade(
  ctx: { store: StoreClient; user: { imperalId: string } },
  m: Doc<Monitor>,
): Promise<number> {
  const snaps = await listOwn(ctx, C.snapshots, { monitor_id: m.id });
  for (const s of snaps) await ctx.store.delete(C.snapshots, s.id);
  await ctx.store.delete(C.monitors, m.id);
  return snaps.length;
}
