// The schedules view (SPEC 8.2): every schedule of the serving build with its cron, next and last run, and "Run now"
// (`POST /v1/schedules/{name}/run`, the same path and audit as a cron fire). Reloaded on `schedule` and `reload` events.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { useStore } from "../store.js";

interface LastRun {
  at: string;
  status: string;
  duration_ms: number;
  error?: string;
}
interface Schedule {
  name: string;
  cron: string;
  description?: string;
  timeout_seconds?: number;
  next_run_at: string | null;
  running?: boolean;
  last_run?: LastRun;
}
/** A run's answer, or the request's error. */
interface RunAnswer {
  status: string;
  duration_ms?: number;
  error?: string;
}

const time = (iso: string | null | undefined) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "—");

/** Schedules with next / last run and a Run now button per row. */
export function Schedules() {
  const s = useStore();
  const changes = s.events.filter((e) => e.type === "schedule" || e.type === "reload").length;
  const [list, setList] = useState<Schedule[] | null>(null);
  const [failure, setFailure] = useState("");
  const [answers, setAnswers] = useState<Record<string, RunAnswer>>({});
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [n, setN] = useState(0);

  useEffect(() => {
    let live = true;
    void api("GET", "/v1/schedules").then((a) => {
      if (!live) return;
      if (a.status === 200) {
        setList((a.body?.schedules ?? []) as Schedule[]);
        setFailure("");
      } else setFailure(a.body?.error?.message ?? `GET /v1/schedules answered ${a.status}`);
    });
    return () => void (live = false);
  }, [changes, n, s.user]);

  const run = async (name: string) => {
    setBusy((b) => ({ ...b, [name]: true }));
    const a = await api("POST", `/v1/schedules/${encodeURIComponent(name)}/run`);
    const answer: RunAnswer =
      a.status === 200
        ? (a.body as RunAnswer)
        : { status: "error", error: a.body?.error?.message ?? `HTTP ${a.status}` };
    setAnswers((x) => ({ ...x, [name]: answer }));
    setBusy((b) => ({ ...b, [name]: false }));
    setN((x) => x + 1);
  };

  if (failure) return <div class="ui-alert t-error">{failure}</div>;
  if (!list) return <div class="muted">loading…</div>;
  return (
    <div data-testid="schedules-view">
      {list.length === 0 ? (
        <p class="muted">This extension declares no schedules.</p>
      ) : (
        <table class="grid-table small">
          <thead>
            <tr>
              <th>name</th>
              <th>cron (UTC)</th>
              <th>next run</th>
              <th>last run</th>
              <th>status</th>
              <th>ms</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((x) => {
              const status = x.running ? "running" : (x.last_run?.status ?? "never");
              const answer = answers[x.name];
              return (
                <tr
                  key={x.name}
                  data-testid="schedule-row"
                  data-name={x.name}
                  data-status={status}
                  class={`st-${status}`}
                >
                  <td>
                    <b>{x.name}</b>
                    {x.description && <div class="muted">{x.description}</div>}
                  </td>
                  <td>
                    <code>{x.cron}</code>
                    {x.timeout_seconds !== undefined && <div class="muted">timeout {x.timeout_seconds}s</div>}
                  </td>
                  <td>{time(x.next_run_at)}</td>
                  <td>{time(x.last_run?.at)}</td>
                  <td>
                    {status}
                    {x.last_run?.error && <div class="muted">{x.last_run.error}</div>}
                  </td>
                  <td>{x.last_run?.duration_ms ?? ""}</td>
                  <td>
                    <button
                      class="ui-button s-sm"
                      data-testid="schedule-run"
                      disabled={busy[x.name] === true}
                      onClick={() => void run(x.name)}
                    >
                      {busy[x.name] ? "running…" : "Run now"}
                    </button>
                    {answer && (
                      <div class="small" data-testid="schedule-result" data-status={answer.status}>
                        {answer.status}
                        {answer.duration_ms !== undefined ? ` · ${answer.duration_ms} ms` : ""}
                        {answer.error ? ` · ${answer.error}` : ""}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
