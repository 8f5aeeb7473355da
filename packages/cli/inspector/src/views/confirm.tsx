// The kernel's confirmation card (Accept / Cancel through the kernel's routes) and the UI's own `confirm` prompt.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { recordTurn, upsertTurn } from "../store.js";

/** Accept or cancel a pending confirmation; the executed calls' turn object joins the transcript. */
export function ConfirmCard({
  turnId,
  confirmation,
  onDone,
  fromPanel,
}: {
  turnId: string;
  confirmation: any;
  onDone?: (t: any) => void;
  /** The intercepted call came from a panel: accepting it refreshes panels as a panel call does (SPEC 7.4). */
  fromPanel?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const answer = async (how: "accept" | "cancel") => {
    setBusy(true);
    const a = await api(
      "POST",
      `/v1/confirmations/${encodeURIComponent(confirmation.id)}/${how}`,
      undefined,
      fromPanel ? { "x-imperal-origin": "panel" } : undefined,
    );
    setBusy(false);
    upsertTurn({ turn_id: turnId, answered: how === "accept" ? "accepted" : "cancelled" });
    if (a.status === 200 && a.body?.turn_id) recordTurn(a, "confirmation");
    onDone?.(a.body);
  };
  return (
    <div class="confirm-card" role="alertdialog" aria-label="confirmation">
      <div class="confirm-title">Confirmation needed</div>
      <ul>
        {(confirmation.calls ?? []).map((c: any, i: number) => (
          <li key={i}>
            <code>{c.tool}</code> <code class="args">{JSON.stringify(c.args)}</code>
          </li>
        ))}
      </ul>
      <button
        class="ui-button v-primary"
        data-testid="confirm-accept"
        disabled={busy}
        onClick={() => void answer("accept")}
      >
        Accept
      </button>{" "}
      <button
        class="ui-button v-ghost"
        data-testid="confirm-cancel"
        disabled={busy}
        onClick={() => void answer("cancel")}
      >
        Cancel
      </button>
    </div>
  );
}

let ask: ((q: string) => Promise<boolean>) | undefined;

/** Ask the user an action's `confirm` question; resolves true on accept. */
export function uiConfirm(question: string): Promise<boolean> {
  return ask ? ask(question) : Promise.resolve(window.confirm(question));
}

/** The host of the UI's confirm prompt (mounted once by the app). */
export function UiConfirmHost() {
  const [q, setQ] = useState<{ text: string; done: (ok: boolean) => void } | null>(null);
  ask = (text) => new Promise<boolean>((resolve) => setQ({ text, done: resolve }));
  if (!q) return null;
  const close = (ok: boolean) => {
    setQ(null);
    q.done(ok);
  };
  return (
    <div class="ui-backdrop">
      <div class="ui-modal sz-sm" role="dialog" aria-label="confirm action">
        <p>{q.text}</p>
        <div class="ui-modal-actions">
          <button class="ui-button v-ghost" data-testid="ui-confirm-cancel" onClick={() => close(false)}>
            Cancel
          </button>
          <button class="ui-button v-primary" data-testid="ui-confirm-accept" onClick={() => close(true)}>
            Continue
          </button>
        </div>
      </div>
    </div>
  );
}
