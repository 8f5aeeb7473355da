// A form per tool, generated from its params schema, calling POST /v1/call/<tool>; raw request and response shown.
import { useState } from "preact/hooks";
import { api, type Answer } from "../api.js";
import { recordTurn, useStore } from "../store.js";
import { SchemaField, initial } from "./schema-form.js";
import { ConfirmCard } from "./confirm.js";

function ToolForm({ tool }: { tool: any }) {
  const schema = tool.params_schema ?? { type: "object", properties: {} };
  const [args, setArgs] = useState<Record<string, unknown>>(() => (initial(schema) as Record<string, unknown>) ?? {});
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [after, setAfter] = useState<any>(null);
  const submit = async () => {
    setAfter(null);
    const a = await api("POST", `/v1/call/${encodeURIComponent(tool.name)}`, { args });
    setAnswer(a);
    if (a.status === 200) recordTurn(a, "inspector (tools)");
  };
  const req = new Set<string>(schema.required ?? []);
  return (
    <form
      class="tool-form"
      data-testid={`tool-form-${tool.name}`}
      onSubmit={(e) => (e.preventDefault(), void submit())}
    >
      <h3>
        <code>{tool.name}</code> <span class="tag">{tool.action_type}</span>
      </h3>
      <p class="muted small">{tool.description}</p>
      {Object.entries((schema.properties ?? {}) as Record<string, any>).map(([k, s]) => (
        <SchemaField
          key={k}
          name={k}
          s={s}
          required={req.has(k)}
          value={args[k]}
          onChange={(v) => {
            const next = { ...args };
            if (v === undefined) delete next[k];
            else next[k] = v;
            setArgs(next);
          }}
        />
      ))}
      <button type="submit" class="ui-button v-primary" data-testid="tool-submit">
        Call {tool.name}
      </button>
      {answer && (
        <div class="raw">
          <div class="small">
            request <code>POST /v1/call/{tool.name}</code>
          </div>
          <pre data-testid="tool-request">{JSON.stringify({ args }, null, 2)}</pre>
          <div class="small">
            response {answer.status} · {Math.round(answer.ms)} ms ·{" "}
            <b data-testid="tool-outcome">{answer.body?.outcome ?? answer.body?.error?.code}</b>
          </div>
          {answer.body?.outcome === "needs_confirmation" && !after && (
            <ConfirmCard
              turnId={answer.body.turn_id}
              confirmation={answer.body.confirmation}
              onDone={(t) => setAfter(t ?? {})}
            />
          )}
          <pre data-testid="tool-response">{JSON.stringify(after ?? answer.body, null, 2)}</pre>
        </div>
      )}
    </form>
  );
}

/** Every tool of the extension, each with its form. */
export function Tools() {
  const s = useStore();
  const [pick, setPick] = useState<string>("");
  const shown = pick ? s.tools.filter((t) => t.name === pick) : s.tools;
  return (
    <div class="tools">
      <select aria-label="tool" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
        <option value="">all tools ({s.tools.length})</option>
        {s.tools.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
      {shown.map((t) => (
        <ToolForm key={t.name} tool={t} />
      ))}
    </div>
  );
}
