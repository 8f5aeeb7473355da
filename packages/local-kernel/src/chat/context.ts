// The classifier's tool catalog: the serving build's manifest tools (built from callableSurface, with JSON-Schema
// params and return schemas), minus skeleton, alert and panel tools.
import { isClassifierTarget, type CatalogEntry, type JsonSchema } from "../classifier/types.js";
import type { ReadyInfo } from "../worker/protocol.js";

const cache = new WeakMap<ReadyInfo, CatalogEntry[]>();

/** Catalog entries for the classifier (cached per loaded build). */
export function buildCatalog(info: ReadyInfo | undefined): CatalogEntry[] {
  if (!info) return [];
  const hit = cache.get(info);
  if (hit) return hit;
  const manifestTools = new Map(((info.manifest?.tools as Array<Record<string, unknown>> | undefined) ?? []).map((t) => [String(t.name), t]));
  const out: CatalogEntry[] = [];
  for (const t of info.tools) {
    if (t.kind === "panel" || t.kind === "skeleton_refresh" || t.kind === "skeleton_alert") continue;
    const m = manifestTools.get(t.name);
    const entry: CatalogEntry = {
      name: t.name,
      description: t.description,
      actionType: t.actionType,
      kind: t.kind,
      params: (m?.params_schema as JsonSchema | undefined) ?? { type: "object", properties: {} },
      ...(m?.return_schema ? { returnSchema: m.return_schema as JsonSchema } : {}),
      ...(t.idProjection ? { idProjection: t.idProjection } : {}),
      app: info.appId,
    };
    if (isClassifierTarget(entry)) out.push(entry);
  }
  cache.set(info, out);
  return out;
}
