// Input nodes and the form. Every input keeps its value under `name` in the nearest form; a form's submit (and an
// input's own onChange/onSubmit) merges those values into the action's params, over the form's `defaults`.
import { useMemo, useState } from "preact/hooks";
import { Kids, type Renderer } from "./node.js";
import { FormContext, useField, useRun, type FormState, type UIAction } from "./context.js";
import { str } from "./bits.js";

type P = { p: Record<string, any>; a: Record<string, any> };

function Field({
  p,
  children,
  a,
  cls,
}: {
  p: Record<string, any>;
  children: any;
  a: Record<string, any>;
  cls?: string;
}) {
  return (
    <label {...a} class={`ui-field ${cls ?? ""}`}>
      {p.label && (
        <span class="ui-field-label">
          {p.label}
          {p.required ? " *" : ""}
        </span>
      )}
      {children}
    </label>
  );
}

/** Run an input's own action with its value merged in as `{ [name]: value }`. */
function useChange(p: Record<string, any>, key = "onChange") {
  const run = useRun();
  return (v: unknown) => p[key] && run(p[key], { [p.name]: v });
}

function TextInput({ p, a }: P) {
  const num = p.type === "number";
  const [v, setV] = useField<unknown>(p.name, p.value ?? (num ? undefined : ""));
  const submit = useChange(p, "onSubmit");
  return (
    <Field p={p} a={a}>
      <input
        name={p.name}
        type={p.type ?? "text"}
        value={str(v)}
        placeholder={p.placeholder}
        required={!!p.required}
        disabled={!!p.disabled}
        onInput={(e) =>
          setV(num ? (e.currentTarget.value === "" ? undefined : Number(e.currentTarget.value)) : e.currentTarget.value)
        }
        onKeyDown={(e) => e.key === "Enter" && p.onSubmit && (e.preventDefault(), submit(v))}
      />
    </Field>
  );
}

function Area({ p, a, rich }: P & { rich?: boolean }) {
  const [v, setV] = useField<string>(p.name, p.value ?? "");
  const change = useChange(p);
  const save = useChange(p, "onSave");
  return (
    <Field p={p} a={a}>
      <textarea
        name={p.name}
        rows={p.rows ?? (rich ? 8 : 4)}
        value={v}
        placeholder={p.placeholder}
        required={!!p.required}
        disabled={!!p.disabled}
        onInput={(e) => setV(e.currentTarget.value)}
        onChange={() => change(v)}
      />
      {rich && p.onSave && (
        <button type="button" class="ui-button s-sm" onClick={() => save(v)}>
          Save
        </button>
      )}
    </Field>
  );
}

function Check({ p, a, toggle }: P & { toggle?: boolean }) {
  const [v, setV] = useField<boolean>(p.name, !!p.value);
  const change = useChange(p);
  return (
    <label {...a} class={`ui-check${toggle ? " toggle" : ""}`}>
      <input
        type="checkbox"
        role={toggle ? "switch" : undefined}
        name={p.name}
        checked={v}
        disabled={!!p.disabled}
        onChange={(e) => (setV(e.currentTarget.checked), change(e.currentTarget.checked))}
      />
      <span>{p.label}</span>
    </label>
  );
}

const opts = (p: Record<string, any>) =>
  ((p.options ?? []) as any[]).map((o) => (typeof o === "object" ? o : { label: String(o), value: String(o) }));

function Select({ p, a }: P) {
  const [v, setV] = useField<string>(p.name, p.value ?? "");
  const change = useChange(p);
  return (
    <Field p={p} a={a}>
      <select
        name={p.name}
        value={v}
        disabled={!!p.disabled}
        required={!!p.required}
        onChange={(e) => (setV(e.currentTarget.value), change(e.currentTarget.value))}
      >
        {!p.value && <option value="">{p.placeholder ?? "Choose…"}</option>}
        {opts(p).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function MultiSelect({ p, a }: P) {
  const [v, setV] = useField<string[]>(p.name, Array.isArray(p.value) ? p.value : []);
  const change = useChange(p);
  return (
    <Field p={p} a={a}>
      <select
        name={p.name}
        multiple
        disabled={!!p.disabled}
        onChange={(e) => {
          const next = [...e.currentTarget.selectedOptions].map((o) => o.value);
          setV(next);
          change(next);
        }}
      >
        {opts(p).map((o) => (
          <option key={o.value} value={o.value} selected={v.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Radio({ p, a }: P) {
  const [v, setV] = useField<string>(p.name, p.value ?? "");
  const change = useChange(p);
  return (
    <fieldset {...a} class={`ui-radio dir-${p.direction ?? "vertical"}`} disabled={!!p.disabled}>
      {p.label && <legend>{p.label}</legend>}
      {opts(p).map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={p.name}
            value={o.value}
            checked={v === o.value}
            onChange={() => (setV(o.value), change(o.value))}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function Tags({ p, a }: P) {
  const [v, setV] = useField<string[]>(p.name, Array.isArray(p.value) ? p.value.map(String) : []);
  const [draft, setDraft] = useState("");
  const change = useChange(p);
  const delims: string[] = Array.isArray(p.delimiters) && p.delimiters.length ? p.delimiters : [","];
  const add = (raw: string) => {
    const t = raw.trim();
    if (!t || v.includes(t)) return setDraft("");
    if (p.validate && !new RegExp(p.validate).test(t)) return;
    const next = [...v, t];
    setV(next);
    setDraft("");
    change(next);
  };
  return (
    <Field p={p} a={a}>
      <div class="ui-tags">
        {v.map((t) => (
          <span key={t} class="ui-badge c-blue">
            {t}{" "}
            <button type="button" aria-label={`remove ${t}`} onClick={() => setV(v.filter((x) => x !== t))}>
              ×
            </button>
          </span>
        ))}
        <input
          name={p.name}
          list={p.suggestions ? `sug-${p.name}` : undefined}
          value={draft}
          placeholder={p.placeholder ?? "add a tag"}
          disabled={!!p.disabled}
          onInput={(e) => {
            const val = e.currentTarget.value;
            const d = delims.find((x) => val.endsWith(x));
            if (d) add(val.slice(0, -d.length));
            else setDraft(val);
          }}
          onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add(draft))}
          onBlur={() => draft && add(draft)}
        />
        {p.suggestions && (
          <datalist id={`sug-${p.name}`}>
            {(p.suggestions as string[]).map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        )}
      </div>
    </Field>
  );
}

function Slider({ p, a }: P) {
  const [v, setV] = useField<number>(p.name, Number(p.value ?? p.min ?? 0));
  return (
    <Field p={p} a={a}>
      <input
        type="range"
        name={p.name}
        min={p.min ?? 0}
        max={p.max ?? 100}
        step={p.step ?? 1}
        value={v}
        disabled={!!p.disabled}
        onInput={(e) => setV(Number(e.currentTarget.value))}
      />
      <span class="ui-muted">{v}</span>
    </Field>
  );
}

function DatePicker({ p, a }: P) {
  const [v, setV] = useField<string>(p.name, p.value ?? "");
  return (
    <Field p={p} a={a}>
      <input
        type={p.mode === "datetime" ? "datetime-local" : "date"}
        name={p.name}
        value={v}
        required={!!p.required}
        disabled={!!p.disabled}
        onInput={(e) => setV(e.currentTarget.value)}
      />
    </Field>
  );
}

function FileUpload({ p, a }: P) {
  const run = useRun();
  const [err, setErr] = useState("");
  const pick = async (files: FileList | null) => {
    const list = [...(files ?? [])];
    const max = (Number(p.maxSizeMb) || 5) * 1024 * 1024;
    const big = list.find((f) => f.size > max);
    if (big) return setErr(`${big.name} is larger than ${p.maxSizeMb ?? 5} MB`);
    setErr("");
    const read = await Promise.all(
      list.map(async (f) => {
        const bytes = new Uint8Array(await f.arrayBuffer());
        let bin = "";
        for (const b of bytes) bin += String.fromCharCode(b);
        return { name: f.name, size: f.size, type: f.type, content_base64: btoa(bin) };
      }),
    );
    run(p.onUpload, { [p.name]: p.multiple ? read : read[0] });
  };
  return (
    <Field p={p} a={a}>
      <input
        type="file"
        name={p.name}
        accept={p.accept}
        multiple={!!p.multiple}
        disabled={!!p.disabled}
        onChange={(e) => void pick(e.currentTarget.files)}
      />
      {err && <span class="ui-alert t-error">{err}</span>}
    </Field>
  );
}

function Form({ p, a }: P) {
  const run = useRun();
  const state = useMemo<FormState>(() => ({ values: {} }), []);
  const submit = (e: Event) => {
    e.preventDefault();
    const action = p.onSubmit as UIAction | undefined;
    if (!action) return;
    const withConfirm = p.confirm && !action.confirm ? { ...action, confirm: p.confirm } : action;
    run(withConfirm, { ...(p.defaults ?? {}), ...state.values });
  };
  return (
    <FormContext.Provider value={state}>
      <form {...a} class="ui-form" onSubmit={submit} noValidate>
        <Kids of={p.children} />
        <button type="submit" class="ui-button v-primary">
          {p.submitLabel ?? "Submit"}
        </button>
      </form>
    </FormContext.Provider>
  );
}

export const INPUTS: Record<string, Renderer> = {
  checkbox: (r) => <Check {...r} />,
  toggle: (r) => <Check {...r} toggle />,
  datePicker: (r) => <DatePicker {...r} />,
  fileUpload: (r) => <FileUpload {...r} />,
  form: (r) => <Form {...r} />,
  input: (r) => <TextInput {...r} />,
  password: (r) => <TextInput p={{ ...r.p, type: "password" }} a={r.a} />,
  multiSelect: (r) => <MultiSelect {...r} />,
  radioGroup: (r) => <Radio {...r} />,
  richEditor: (r) => <Area {...r} rich />,
  textArea: (r) => <Area {...r} />,
  select: (r) => <Select {...r} />,
  slider: (r) => <Slider {...r} />,
  tagInput: (r) => <Tags {...r} />,
};
