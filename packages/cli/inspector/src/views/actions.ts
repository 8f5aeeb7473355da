// Running UI actions (panels and inline `ui` in the transcript alike) and posting chat turns.
import { api } from "../api.js";
import { get, recordTurn, set } from "../store.js";
import type { UIAction } from "../render/context.js";
import { uiConfirm } from "./confirm.js";

/** Post a chat turn as the acting user and record its answer. */
export async function sendChat(message: string): Promise<void> {
  const a = await api("POST", "/v1/chat/turn", { message });
  if (a.status === 200) recordTurn(a, "inspector", message);
  else set({ notice: `chat turn refused: ${a.body?.error?.code ?? a.status} ${a.body?.error?.message ?? ""}` });
}

const PANEL_PREFIX = "__panel__";

/** Show panel `id` in its slot with `props` (`ui.call("__panel__<id>", props)`). */
export function navigatePanel(id: string, props: Record<string, unknown>): void {
  const panel = get().panels.find((p) => p.panel_id === id);
  set((s) => ({
    panelProps: { ...s.panelProps, [id]: props },
    activePanel: panel ? { ...s.activePanel, [panel.slot]: id } : s.activePanel,
  }));
}

/** Run one UI action: the UI's `confirm` prompt first, then call / panel navigation / send / open / navigate. */
export async function runAction(
  a: UIAction,
  values: Record<string, unknown> = {},
  opts: { auto?: boolean } = {},
): Promise<void> {
  if (a.confirm && !(await uiConfirm(a.confirm))) return;
  switch (a.action) {
    case "call": {
      const params = { ...(a.params ?? {}), ...values };
      if (a.function.startsWith(PANEL_PREFIX)) return navigatePanel(a.function.slice(PANEL_PREFIX.length), params);
      const r = await api(
        "POST",
        `/v1/call/${encodeURIComponent(a.function)}`,
        { args: params },
        { "x-imperal-origin": "panel" },
      );
      if (r.status !== 200) {
        set({
          notice: `call ${a.function} failed: ${r.body?.error?.code ?? r.status} ${r.body?.error?.message ?? ""}`,
        });
        return;
      }
      if (opts.auto && r.body?.outcome === "completed") r.body.refresh_panels ??= [];
      recordTurn(r, "inspector (panel)");
      return;
    }
    case "send":
      return sendChat(a.message);
    case "open":
      window.open(a.url, "_blank", "noopener,noreferrer");
      return;
    case "navigate":
      set({ notice: `navigate → ${a.path}` });
      return;
  }
}
