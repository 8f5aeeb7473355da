// Panels in their slots, rendered from their UI trees, with working actions and a props editor per panel.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { set, useStore } from "../store.js";
import { Node } from "../render/node.js";
import { RunContext, type Runner } from "../render/context.js";
import { navigatePanel, runAction } from "./actions.js";

/** The slots of SPEC 8.2, in the order they are laid out. */
export const SLOTS = ["left", "center", "right", "overlay", "bottom", "chat-sidebar"] as const;

/** Panels whose root `autoAction` already ran (it runs once when the panel is first shown). */
const autoRan = new Set<string>();

function Panel({ panel }: { panel: any }) {
  const s = useStore();
  const id: string = panel.panel_id;
  const props = s.panelProps[id] ?? {};
  const [res, setRes] = useState<any>(null);
  const [editor, setEditor] = useState("");
  const [editorErr, setEditorErr] = useState("");
  const seq = useRef(0);
  const propsKey = JSON.stringify(props);
  const mine = !s.refreshOnly || s.refreshOnly.includes(id);
  const lastEpoch = useRef(s.panelEpoch);
  if (mine) lastEpoch.current = s.panelEpoch;
  const epoch = lastEpoch.current;
  useEffect(() => setEditor(JSON.stringify(props, null, 2)), [propsKey]);
  useEffect(() => {
    const n = ++seq.current;
    void api("POST", `/v1/panels/${encodeURIComponent(id)}`, { props }).then((a) => {
      if (n === seq.current) setRes({ status: a.status, ...a.body });
    });
  }, [id, propsKey, epoch, s.user]);
  const runner = useMemo<Runner>(() => ({ run: (a, v) => void runAction(a, v) }), []);
  const ui = res?.ui;
  const tree = ui && typeof ui === "object" && "type" in ui ? ui : ui?.ui;
  useEffect(() => {
    const auto = tree?.props?.autoAction;
    if (auto && !autoRan.has(id)) {
      autoRan.add(id);
      void runAction(auto, {}, { auto: true });
    }
  }, [tree]);
  const style = panel.default_width ? { width: `${panel.default_width}px` } : undefined;
  return (
    <section class="panel" data-testid={`panel-${id}`} data-slot={panel.slot} style={style}>
      <header class="panel-head">
        <b>{panel.title ?? id}</b> <span class="muted small">{panel.refresh}</span>
      </header>
      <div class="panel-body">
        <RunContext.Provider value={runner}>
          {res === null && <div class="muted small">rendering…</div>}
          {res && (res.outcome !== "completed" || !tree) && (
            <div class="ui-alert t-error">
              {res.outcome ?? res.status}: {res.code ?? res.error?.code} {res.reply ?? res.error?.message}
            </div>
          )}
          {tree && <Node key={propsKey} node={tree} />}
        </RunContext.Provider>
      </div>
      <details class="props-editor">
        <summary class="small">props</summary>
        <textarea
          aria-label={`props of ${id}`}
          rows={4}
          value={editor}
          onInput={(e) => setEditor(e.currentTarget.value)}
        />
        <button
          class="ui-button s-sm"
          onClick={() => {
            try {
              const v = JSON.parse(editor || "{}");
              if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("props must be a JSON object");
              setEditorErr("");
              navigatePanel(id, v);
            } catch (e) {
              setEditorErr((e as Error).message);
            }
          }}
        >
          Render
        </button>
        {editorErr && <span class="err small"> {editorErr}</span>}
      </details>
    </section>
  );
}

/** One slot: its panels, one shown at a time (tabs when there are several). */
export function Slot({ slot }: { slot: string }) {
  const s = useStore();
  const panels = s.panels.filter((p) => p.slot === slot);
  if (!panels.length) return null;
  const active = panels.find((p) => p.panel_id === s.activePanel[slot]) ?? panels[0];
  return (
    <div class={`slot slot-${slot}`} data-slot-name={slot}>
      {panels.length > 1 && (
        <div class="slot-tabs">
          {panels.map((p) => (
            <button
              key={p.panel_id}
              aria-selected={p === active}
              onClick={() => set((st) => ({ activePanel: { ...st.activePanel, [slot]: p.panel_id } }))}
            >
              {p.title ?? p.panel_id}
            </button>
          ))}
        </div>
      )}
      <Panel key={active.panel_id} panel={active} />
    </div>
  );
}
