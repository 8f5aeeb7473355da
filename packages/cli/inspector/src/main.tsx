// The inspector app: header (build status, user switcher), the workspace (panels in their slots + chat), and the
// tools / skeleton / audit / facts / events / schedules / health views. Live over the event stream.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, followEvents, getUser, setUser, token, type StreamEvent } from "./api.js";
import { get, loadHealth, loadSurface, refreshPanels, set, upsertTurn, useStore } from "./store.js";
import { Chat } from "./views/chat.js";
import { Slot } from "./views/panels.js";
import { Tools } from "./views/tools.js";
import { Audit, BuildStatus, Events, Facts, Health, Skeleton } from "./views/state.js";
import { UiConfirmHost } from "./views/confirm.js";
import { Schedules } from "./views/schedules.js";

const VIEWS = {
  workspace: "Workspace",
  tools: "Tools",
  skeleton: "Skeleton",
  audit: "Audit",
  facts: "Fact ledger",
  events: "Events",
  schedules: "Schedules",
  health: "Health",
} as const;
type View = keyof typeof VIEWS;

let prevTurnTs = "";
/** Fold one stream event into the state: transcript, confirmations, panel refresh, build status. */
function onEvent(e: StreamEvent): void {
  set((s) => ({ events: [...s.events, e].slice(-500) }));
  const d = e.data;
  switch (e.type) {
    case "turn": {
      const known = get().turns.find((t) => t.turn_id === d.turn_id);
      if (!known && d.source !== "panel") {
        const since = prevTurnTs;
        upsertTurn({
          turn_id: d.turn_id,
          at: e.ts,
          source: d.source,
          outcome: d.outcome,
          code: d.code,
          tools: d.tools ?? [],
          classification: d.classification,
          calls: (d.calls ?? []).map((c: any) => ({ ...c, durationMs: c.duration_ms })),
          ...(typeof d.message === "string" ? { message: d.message } : {}),
          ...(typeof d.reply === "string" ? { reply: d.reply } : {}),
        });
        // A kernel whose turn events carry no calls: take them from the audit ledger (status, reason, duration).
        if (!Array.isArray(d.calls))
          void api("GET", "/v1/audit?limit=20").then((a) => {
            const rows = (a.body?.rows ?? []).filter(
              (r: any) => r.ts > since && r.ts <= e.ts && (d.tools ?? []).includes(r.tool),
            );
            const calls = rows.map((r: any) => ({
              tool: r.tool,
              args: r.args,
              status: r.status,
              code: r.reason,
              durationMs: r.duration_ms,
            }));
            upsertTurn({ turn_id: d.turn_id, calls });
          });
        if (d.outcome === "completed") refreshPanels();
      } else if (known && known.outcome === "?") upsertTurn({ turn_id: d.turn_id, outcome: d.outcome });
      if (d.source !== "panel") prevTurnTs = e.ts;
      return;
    }
    case "confirmation":
      upsertTurn({ turn_id: d.turn_id, confirmation: { id: d.id, calls: d.calls }, outcome: "needs_confirmation" });
      return;
    case "panel_refresh":
      refreshPanels(Array.isArray(d.panels) ? d.panels : undefined);
      return;
    case "promoted_result":
      upsertTurn({ turn_id: d.turn_id, outcome: d.outcome, code: d.code });
      if (d.outcome === "completed") refreshPanels();
      return;
    case "reload":
    case "build_ok":
      void loadSurface().then(() => refreshPanels());
      return;
    case "build_error":
    case "build_start":
      void loadHealth();
      return;
  }
}

function UserSwitcher() {
  const s = useStore();
  return (
    <label class="small">
      acting as{" "}
      <select
        data-testid="user-switcher"
        value={s.user}
        onChange={(e) => {
          setUser(e.currentTarget.value);
          set({ user: e.currentTarget.value, turns: [], events: [] });
          restartEvents();
          void loadSurface();
        }}
      >
        {s.users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.id}
            {u.scopes ? ` [${u.scopes.join(",")}]` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

function Workspace() {
  const s = useStore();
  if (!s.user) return <div class="muted">connecting…</div>;
  return (
    <div class="workspace">
      <div class="slots-row">
        <Slot slot="left" />
        <Slot slot="center" />
        <Slot slot="right" />
        <aside class="chat-col">
          <Slot slot="chat-sidebar" />
          <Chat />
        </aside>
      </div>
      <Slot slot="bottom" />
      <div class="overlay-host">
        <Slot slot="overlay" />
      </div>
      {s.notice && (
        <div class="ui-toast t-info notice" role="status" onClick={() => set({ notice: undefined })}>
          {s.notice}
        </div>
      )}
      {s.panels.length === 0 && <div class="muted">This extension has no panels.</div>}
    </div>
  );
}

function App() {
  const s = useStore();
  const [view, setView] = useState<View>("workspace");
  useEffect(() => void start(), []);
  if (!token)
    return (
      <div class="ui-alert t-error">No token: open the inspector with the URL `imperal dev` printed (…/#token=…).</div>
    );
  return (
    <div class="app">
      <header class="top">
        <b>imperal inspector</b> <span class="muted small">{s.appId}</span>
        <nav>
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <button key={v} data-testid={`nav-${v}`} aria-current={v === view} onClick={() => setView(v)}>
              {VIEWS[v]}
            </button>
          ))}
        </nav>
        <span class={`conn ${s.connected ? "up" : "down"}`} title="event stream">
          {s.connected ? "live" : "offline"}
        </span>
        <UserSwitcher />
      </header>
      <BuildStatus />
      <main>
        {view === "workspace" && <Workspace />}
        {view === "tools" && <Tools />}
        {view === "skeleton" && <Skeleton />}
        {view === "audit" && <Audit />}
        {view === "facts" && <Facts />}
        {view === "events" && <Events />}
        {view === "schedules" && <Schedules />}
        {view === "health" && <Health />}
      </main>
      <UiConfirmHost />
    </div>
  );
}

let stopEvents: (() => void) | undefined;
function restartEvents(): void {
  stopEvents?.();
  stopEvents = followEvents(onEvent, (up) => {
    set({ connected: up });
    if (up) void loadHealth();
  });
}

async function start(): Promise<void> {
  if (!token) return;
  // Users and the surface in parallel (the first panel render waits for both): /v1/tools needs no acting user.
  const [u] = await Promise.all([api("GET", "/v1/dev/users"), loadSurface()]);
  const users = (u.body?.users ?? []) as Array<{ id: string }>;
  const current = users.some((x) => x.id === getUser()) ? getUser() : (users[0]?.id ?? "dev");
  setUser(current);
  set({ users, user: current });
  restartEvents();
}

render(<App />, document.getElementById("app")!);
