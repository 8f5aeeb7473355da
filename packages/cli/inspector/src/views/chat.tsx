// The chat transcript: every turn from any client, with classification, gates, confirmation, results and timing.
import { useEffect, useRef, useState } from "preact/hooks";
import { useStore, type TurnEntry } from "../store.js";
import { RunContext, type Runner } from "../render/context.js";
import { runAction, sendChat } from "./actions.js";
import { Node } from "../render/node.js";
import { ConfirmCard } from "./confirm.js";

/** Actions of inline `ui` in results run like a panel's. */
const INLINE: Runner = { run: (a, v) => void runAction(a, v) };

const pct = (n: unknown) => (typeof n === "number" ? `${Math.round(n * 100)}%` : "–");

function Classification({ c }: { c: any }) {
  if (!c) return <div class="muted small">direct call (no classifier)</div>;
  return (
    <div class="turn-class small">
      <span class="tag">{c.intent}</span> confidence <b>{pct(c.confidence)}</b>
      {c.is_destructive && <span class="tag warn">destructive</span>}
      {(c.plan ?? []).map((s: any, i: number) => (
        <div key={i}>
          → <code>{s.tool}</code> <code class="args">{JSON.stringify(s.args)}</code>
        </div>
      ))}
    </div>
  );
}

function Calls({ calls }: { calls: any[] }) {
  if (!calls?.length) return null;
  return (
    <table class="calls small">
      <tbody>
        {calls.map((c, i) => (
          <tr key={i} class={`st-${c.status}`}>
            <td>
              <code>{c.tool}</code>
            </td>
            <td>{c.status}</td>
            <td>
              <code class="args">{JSON.stringify(c.args)}</code>
            </td>
            <td>{c.code ?? c.reason ?? ""}</td>
            <td>{typeof c.durationMs === "number" ? `${c.durationMs.toFixed(1)} ms` : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Result({ r, reply }: { r: any; reply?: string }) {
  if (!r || typeof r !== "object") return null;
  return (
    <div class={`result st-${r.status}`}>
      {r.summary && r.summary !== reply && <div>{r.summary}</div>}
      {r.error && <div class="err">{typeof r.error === "string" ? r.error : JSON.stringify(r.error)}</div>}
      {r.ui && (
        <div class="inline-ui">
          <RunContext.Provider value={INLINE}>
            <Node node={r.ui} />
          </RunContext.Provider>
        </div>
      )}
      {r.data !== undefined && (
        <details>
          <summary class="small">data</summary>
          <pre>{JSON.stringify(r.data, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

/** One turn of the transcript. */
export function Turn({ t }: { t: TurnEntry }) {
  const f = t.full;
  const warnings = [...(f?.warnings ?? []), ...(f?.context?.alerts ?? [])];
  return (
    <article class={`turn oc-${t.outcome}`} data-testid="turn" data-outcome={t.outcome} data-turn-id={t.turn_id}>
      <header class="small muted">
        <span class="tag">{t.source}</span> {t.at.slice(11, 19)} <b>{t.outcome}</b>
        {t.code && <span class="tag warn">{t.code}</span>}
        {typeof t.ms === "number" && <span> · {Math.round(t.ms)} ms</span>}
      </header>
      {t.message && (
        <div class="you" data-testid="turn-message">
          {t.source === "inspector" ? "you" : "user"} › {t.message}
        </div>
      )}
      {f || t.classification !== undefined ? (
        <Classification c={f ? f.classification : t.classification} />
      ) : (
        <div class="small">tools: {t.tools.join(", ") || "–"}</div>
      )}
      <Calls calls={f?.calls ?? t.calls ?? []} />
      {f?.reply && <div class="reply">{f.reply}</div>}
      {!f && t.reply && (
        <div class="reply" data-testid="turn-reply">
          {t.reply}
        </div>
      )}
      {(f?.results ?? []).map((r: any, i: number) => (
        <Result key={i} r={r} reply={f.reply} />
      ))}
      {warnings.length > 0 && (
        <div class="warnings small">
          {warnings.map((w) => (typeof w === "string" ? w : JSON.stringify(w))).join(" · ")}
        </div>
      )}
      {t.confirmation && !t.answered && t.outcome === "needs_confirmation" && (
        <ConfirmCard turnId={t.turn_id} confirmation={t.confirmation} fromPanel={t.source === "inspector (panel)"} />
      )}
      {t.answered && <div class="small muted">confirmation {t.answered}</div>}
    </article>
  );
}

/** The transcript and the input box. */
export function Chat() {
  const s = useStore();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: "end" }), [s.turns.length]);
  const [msg, setMsg] = useState("");
  const [busy, setBusy] = useState(false);
  const go = async () => {
    const m = msg.trim();
    if (!m) return;
    setBusy(true);
    setMsg("");
    await sendChat(m);
    setBusy(false);
  };
  return (
    <div class="chat">
      <div class="transcript">
        {s.turns
          .filter((t) => t.source !== "panel")
          .map((t) => (
            <Turn key={t.turn_id} t={t} />
          ))}
        {s.turns.length === 0 && (
          <div class="muted small">No turns yet. Chat here, in the REPL or with `imperal chat`.</div>
        )}
        <div ref={end} />
      </div>
      <form
        class="chat-input"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <input
          data-testid="chat-input"
          placeholder="Message the extension…"
          value={msg}
          onInput={(e) => setMsg(e.currentTarget.value)}
          disabled={busy}
        />
        <button data-testid="chat-send" class="ui-button v-primary" type="submit" disabled={busy}>
          Send
        </button>
      </form>
    </div>
  );
}
