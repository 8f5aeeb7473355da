// The inspector's shared state: one object, one subscribe, one hook. Views read it; actions change it via `set`.
import { useEffect, useState } from "preact/hooks";
import { api, type Answer, type StreamEvent } from "./api.js";

/** One entry of the chat transcript: a turn from any client. */
export interface TurnEntry {
  turn_id: string;
  at: string;
  /** Who made it: "inspector" for our own requests, else the kernel's `source` (turn, call, panel, confirmation...). */
  source: string;
  message?: string;
  /** Turns of other clients: the reply their `turn` event carries. */
  reply?: string;
  outcome: string;
  code?: string;
  tools: string[];
  /** The full turn object when this inspector made the request. */
  full?: any;
  ms?: number;
  /** A pending confirmation (from the answer or the `confirmation` event). */
  confirmation?: { id: string; calls: Array<{ tool: string; args: unknown }> };
  /** Turns made by other clients: the calls (tool, args, status, code, duration) and the classification their
   * `turn` event carries (older kernels: calls from the audit ledger, no classification). */
  calls?: any[];
  classification?: unknown;
  answered?: "accepted" | "cancelled";
}

/** Everything the views share. */
export interface State {
  users: Array<{ id: string; scopes?: string[] }>;
  user: string;
  tools: any[];
  panels: any[];
  appId: string;
  health: any;
  turns: TurnEntry[];
  events: StreamEvent[];
  connected: boolean;
  /** Bumped to make every panel render again (after a call completed, or on `panel_refresh`). */
  panelEpoch: number;
  /** Panels named by the last `panel_refresh` / `refresh_panels` (undefined = all). */
  refreshOnly?: string[];
  /** Props each panel is rendered with (set by `__panel__` navigation and the props editor). */
  panelProps: Record<string, Record<string, unknown>>;
  /** The panel shown in each slot (a slot with several panels shows one at a time). */
  activePanel: Record<string, string>;
  /** A one-line notice: where a `navigate` action pointed (the inspector has no host app), or a refused request. */
  notice?: string;
}

let state: State = {
  users: [],
  user: "",
  tools: [],
  panels: [],
  appId: "",
  health: null,
  turns: [],
  events: [],
  connected: false,
  panelEpoch: 0,
  panelProps: {},
  activePanel: {},
};
const subs = new Set<() => void>();

/** The current state. */
export function get(): State {
  return state;
}
/** Merge a change and notify the views. */
export function set(patch: Partial<State> | ((s: State) => Partial<State>)): void {
  state = { ...state, ...(typeof patch === "function" ? patch(state) : patch) };
  for (const s of subs) s();
}
/** Re-render the calling component whenever the state changes. */
export function useStore(): State {
  const [, bump] = useState(0);
  useEffect(() => {
    const f = () => bump((n) => n + 1);
    subs.add(f);
    return () => void subs.delete(f);
  }, []);
  return state;
}

/** Add or update a transcript entry by turn id. */
export function upsertTurn(t: Partial<TurnEntry> & { turn_id: string }): void {
  set((s) => {
    const i = s.turns.findIndex((x) => x.turn_id === t.turn_id);
    if (i < 0)
      return {
        turns: [
          ...s.turns,
          { at: new Date().toISOString(), source: "?", outcome: "?", tools: [], ...t } as TurnEntry,
        ].slice(-300),
      };
    const turns = s.turns.slice();
    turns[i] = { ...turns[i]!, ...t };
    return { turns };
  });
}

/** Ask every panel (or the named ones) to render again. */
export function refreshPanels(only?: string[]): void {
  set((s) => ({ panelEpoch: s.panelEpoch + 1, refreshOnly: only }));
}

/** Record a turn object this inspector received, and refresh panels when it completed. */
export function recordTurn(a: Answer, source: string, message?: string): void {
  const t = a.body;
  if (!t || typeof t !== "object" || typeof t.turn_id !== "string") return;
  upsertTurn({
    turn_id: t.turn_id,
    source,
    message,
    outcome: t.outcome,
    code: t.code,
    tools: (t.calls ?? []).map((c: any) => c.tool),
    full: t,
    ms: a.ms,
    confirmation: t.confirmation,
  });
  if (t.outcome === "completed") afterCompleted(t.refresh_panels);
}

/**
 * After a call completed: re-render the panels the kernel named (`refresh_panels` on the answer), or, while the
 * kernel does not name them, every panel.
 */
export function afterCompleted(named?: unknown): void {
  refreshPanels(Array.isArray(named) ? (named as string[]) : undefined);
}

/** Load tools, panels and health (after start, a reload or a user switch). */
export async function loadSurface(): Promise<void> {
  const [tools, health] = await Promise.all([api("GET", "/v1/tools"), api("GET", "/v1/health")]);
  if (tools.status === 200)
    set({ tools: tools.body.tools ?? [], panels: tools.body.panels ?? [], appId: tools.body.app_id ?? "" });
  set({ health: health.body });
}

/** Load the health view only (build status). */
export async function loadHealth(): Promise<void> {
  const h = await api("GET", "/v1/health");
  set({ health: h.body });
}
