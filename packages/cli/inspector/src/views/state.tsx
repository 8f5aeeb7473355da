// The kernel's state views: skeleton, audit ledger, fact ledger, events, build status and health.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { useStore } from "../store.js";

/** Load a GET route and reload it whenever `deps` change. */
function useGet(path: string, deps: unknown[]): [any, () => void] {
  const [body, setBody] = useState<any>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    void api("GET", path).then((a) => live && setBody(a.body));
    return () => void (live = false);
  }, [path, n, ...deps]);
  return [body, () => setN((x) => x + 1)];
}

const lastOf = (events: any[], types: string[]) => events.filter((e) => types.includes(e.type)).length;

/** Snapshots, the exact block the classifier sees, size/loss warnings, refresh now. */
export function Skeleton() {
  const s = useStore();
  const [sk, reload] = useGet("/v1/skeleton", [s.user, lastOf(s.events, ["skeleton_refresh"])]);
  const [busy, setBusy] = useState("");
  const refresh = async (section: string) => {
    setBusy(section);
    await api("POST", `/v1/skeleton/${encodeURIComponent(section)}/refresh`);
    setBusy("");
    reload();
  };
  if (!sk) return <div class="muted">loading…</div>;
  if (sk.error)
    return (
      <div class="ui-alert t-error">
        {sk.error.code}: {sk.error.message}
      </div>
    );
  return (
    <div class="skeleton">
      <h3>Classifier block</h3>
      <pre data-testid="skeleton-block" class="block">
        {sk.block}
      </pre>
      {(sk.alerts ?? []).length > 0 && <div class="ui-alert t-warn">alerts: {sk.alerts.join(" · ")}</div>}
      {(sk.sections ?? []).map((sec: any) => (
        <section key={sec.section} class="card">
          <h4>
            {sec.section}{" "}
            <span class="muted small">
              ttl {sec.ttl}s · refreshed {sec.refreshed_at ?? "never"} · {sec.raw_bytes} B raw
            </span>{" "}
            <button class="ui-button s-sm" disabled={busy === sec.section} onClick={() => void refresh(sec.section)}>
              refresh now
            </button>
          </h4>
          {(sec.warnings ?? []).map((w: any, i: number) => (
            <div key={i} class="ui-alert t-warn">
              {typeof w === "string" ? w : JSON.stringify(w)}
            </div>
          ))}
          <div class="small">rendered</div>
          <pre>{sec.rendered}</pre>
          <div class="small">raw snapshot</div>
          <pre>{JSON.stringify(sec.snapshot, null, 2)}</pre>
        </section>
      ))}
    </div>
  );
}

/** Audit ledger rows, newest first. */
export function Audit() {
  const s = useStore();
  const [b] = useGet("/v1/audit?limit=200", [s.user, lastOf(s.events, ["turn"])]);
  return (
    <table class="grid-table small">
      <thead>
        <tr>
          <th>time</th>
          <th>user</th>
          <th>tool</th>
          <th>type</th>
          <th>status</th>
          <th>reason / code</th>
          <th>ms</th>
          <th>args</th>
        </tr>
      </thead>
      <tbody>
        {(b?.rows ?? []).map((r: any) => (
          <tr key={r.id} data-testid="audit-row" class={`st-${r.status}`}>
            <td>{String(r.ts).slice(11, 23)}</td>
            <td>{r.user_id}</td>
            <td>
              <code>{r.tool}</code>
            </td>
            <td>{r.action_type}</td>
            <td>{r.status}</td>
            <td>{r.reason ?? r.error_code ?? ""}</td>
            <td>{r.duration_ms}</td>
            <td>
              <code>{JSON.stringify(r.args)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The fact ledger the classifier is fed. */
export function Facts() {
  const s = useStore();
  const [b] = useGet("/v1/fact-ledger", [s.user, lastOf(s.events, ["turn"])]);
  return (
    <div>
      <p class="muted small">
        last {b?.max_turns} turns, at most {b?.max_bytes_per_turn} bytes each
      </p>
      {(b?.turns ?? []).map((t: any) => (
        <div key={t.turn_id} class="card small" data-testid="fact-row">
          <b>{t.tools?.join(", ")}</b>{" "}
          <span class="muted">
            {t.at} · {t.bytes} B{t.truncated ? " · truncated" : ""}
          </span>
          <pre>{t.text}</pre>
        </div>
      ))}
    </div>
  );
}

/** Every event of the stream, newest first, filterable by type or content. */
export function Events() {
  const s = useStore();
  const [q, setQ] = useState("");
  const rows = s.events.filter(
    (e) => !q || `${e.type} ${JSON.stringify(e.data)}`.toLowerCase().includes(q.toLowerCase()),
  );
  return (
    <div>
      <input
        aria-label="filter events"
        data-testid="event-filter"
        placeholder="filter (type or text)"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <table class="grid-table small">
        <tbody>
          {[...rows].reverse().map((e, i) => (
            <tr key={`${e.seq ?? ""}-${i}`} data-testid="event-row" data-type={e.type}>
              <td>{e.ts.slice(11, 23)}</td>
              <td>
                <b>{e.type}</b>
              </td>
              <td>
                <code>{JSON.stringify(e.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The current build (id and time), or its error with file:line and the code frame. */
export function BuildStatus() {
  const s = useStore();
  const b = s.health?.build;
  const err = b?.error;
  const state = err ? "error" : b?.id ? "ok" : "unknown";
  return (
    <div class={`build-status st-${state}`} data-testid="build-status" data-state={state}>
      {err ? (
        <>
          <b>build failed</b> {err.file ? `${err.file}:${err.line ?? "?"}${err.column ? `:${err.column}` : ""}` : ""}{" "}
          <span>{err.message ?? err.text}</span>
          {err.lineText && (
            <pre class="frame">{`${String(err.line ?? "").padStart(4)} | ${err.lineText}\n${" ".repeat(7 + Math.max(0, (err.column ?? 1) - 1))}^`}</pre>
          )}
          {err.fix && <div class="small">fix: {err.fix}</div>}
        </>
      ) : (
        <>
          <b>build {b?.id ?? "–"}</b> <span class="muted small">{b?.loaded_at ?? ""}</span>
        </>
      )}
    </div>
  );
}

/** `/v1/health` as the kernel (and the dev front) answer it. */
export function Health() {
  const s = useStore();
  return (
    <div>
      <pre>{JSON.stringify(s.health, null, 2)}</pre>
    </div>
  );
}
