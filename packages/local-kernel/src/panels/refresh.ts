// Which panels a call answer names for re-rendering (SPEC 7.4): pure, so the rule is testable on its own.
import { eventMatches as typeMatches, qualifiedEventType } from "@imperal/sdk/patterns";
import type { ReadyInfo } from "../worker/protocol.js";

/** A panel as the manifest declares it. */
export interface PanelRefreshInfo {
  panel_id: string;
  /** `manual` or `on_event:<a,b,...>`. */
  refresh?: string;
}

/** One executed call, as far as refresh routing cares. */
export interface RefreshCall {
  /** The function's declared `event` (bare or `{app_id}.`-prefixed), when it has one. */
  event?: string;
  succeeded: boolean;
  /** The ActionResult JSON (`refresh_panels`, or `data.refresh_panels` from ported code). */
  result?: unknown;
  /** Types (qualified) of the events the call published, `ctx.events.emit` included. */
  published?: string[];
}

/** True when an `on_event` entry (bare or prefixed, `.*` allowed) matches a published event type. */
export function eventMatches(appId: string, pattern: string, type: string): boolean {
  return typeMatches(qualifiedEventType(appId, pattern.trim()), type);
}

function declared(result: unknown): string[] | undefined {
  const r = result as { refresh_panels?: unknown; data?: { refresh_panels?: unknown } } | undefined;
  const v = r?.refresh_panels ?? r?.data?.refresh_panels;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

/**
 * The panels to re-render after a turn: a result's `refreshPanels` when set (`[]` = none); otherwise every panel
 * for a call made from a panel; plus every panel whose `on_event` matches an event a call published. In the
 * manifest's panel order, each once.
 */
export function panelsToRefresh(o: {
  appId: string;
  panels: readonly PanelRefreshInfo[];
  calls: readonly RefreshCall[];
  fromPanel: boolean;
}): string[] {
  const want = new Set<string>();
  const ids = o.panels.map((p) => p.panel_id);
  for (const c of o.calls) {
    if (!c.succeeded) continue;
    const named = declared(c.result);
    if (named) for (const id of named) want.add(id);
    else if (o.fromPanel) for (const id of ids) want.add(id);
    const types = new Set(c.published ?? []);
    if (c.event) types.add(qualifiedEventType(o.appId, c.event));
    for (const type of types)
      for (const p of o.panels) {
        const m = /^on_event:(.+)$/.exec(p.refresh ?? "");
        if (m && m[1]!.split(",").some((pat) => eventMatches(o.appId, pat, type))) want.add(p.panel_id);
      }
  }
  return ids.filter((id) => want.has(id)).concat([...want].filter((id) => !ids.includes(id)));
}

/** The panels a finished turn names (its calls as the turn object lists them), for the serving build `info`. */
export function turnPanels(
  info: ReadyInfo | undefined,
  t: {
    calls: ReadonlyArray<{ tool: string; status: string; events?: string[]; result_index?: number }>;
    results: unknown[];
  },
  fromPanel: boolean,
): string[] {
  if (!info) return [];
  const tools = new Map(info.tools.map((x) => [x.name, x]));
  const declared = (info.manifest?.panels as PanelRefreshInfo[] | undefined) ?? [];
  const panels = declared.length
    ? declared
    : info.tools.filter((x) => x.kind === "panel").map((x) => ({ panel_id: x.panelId! }));
  return panelsToRefresh({
    appId: info.appId,
    panels,
    fromPanel,
    calls: t.calls.map((c) => ({
      succeeded: c.status === "succeeded",
      event: tools.get(c.tool)?.event,
      ...(c.events ? { published: c.events } : {}),
      result: c.result_index !== undefined ? t.results[c.result_index] : undefined,
    })),
  });
}
