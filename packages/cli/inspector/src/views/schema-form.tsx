// A form generated from a JSON Schema (the tool's params): enums, defaults, nested objects and arrays.
import type { JSX } from "preact";

type Schema = Record<string, any>;

/** The initial value of a schema: its default, else an empty value of its type (objects recursively). */
export function initial(s: Schema | undefined): unknown {
  if (!s) return undefined;
  if (s.default !== undefined) return structuredClone(s.default);
  const t = typeOf(s);
  if (t === "object")
    return Object.fromEntries(
      Object.entries((s.properties ?? {}) as Record<string, Schema>)
        .map(([k, v]) => [k, initial(v)])
        .filter(([, v]) => v !== undefined),
    );
  if (t === "array") return [];
  if (t === "boolean") return undefined;
  return undefined;
}

function typeOf(s: Schema): string {
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== "null") ?? "string";
  if (s.type) return s.type;
  if (s.enum) return typeof s.enum[0] === "number" ? "number" : "string";
  if (s.properties) return "object";
  if (s.anyOf?.length) return typeOf(s.anyOf.find((x: Schema) => x.type !== "null") ?? s.anyOf[0]);
  return "string";
}

/** Edit `value` of schema `s`; `onChange` receives the new value (undefined = omitted). */
export function SchemaField({
  s,
  value,
  onChange,
  name,
  required,
}: {
  s: Schema;
  value: unknown;
  onChange: (v: unknown) => void;
  name: string;
  required?: boolean;
}): JSX.Element {
  const t = typeOf(s);
  const label = (
    <span class="field-label">
      {name}
      {required ? " *" : ""} <span class="muted small">{s.description ?? ""}</span>
    </span>
  );
  if (s.enum)
    return (
      <label class="sf">
        {label}
        <select
          name={name}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            onChange(raw === "" ? undefined : (s.enum as unknown[]).find((x) => String(x) === raw));
          }}
        >
          <option value="">(omit)</option>
          {(s.enum as unknown[]).map((x) => (
            <option key={String(x)} value={String(x)}>
              {String(x)}
            </option>
          ))}
        </select>
      </label>
    );
  if (t === "object") {
    const obj = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
    const req = new Set<string>(s.required ?? []);
    return (
      <fieldset class="sf-object">
        <legend>{name}</legend>
        {Object.entries((s.properties ?? {}) as Record<string, Schema>).map(([k, sub]) => (
          <SchemaField
            key={k}
            name={k}
            s={sub}
            required={req.has(k)}
            value={obj[k]}
            onChange={(v) => {
              const next = { ...obj };
              if (v === undefined) delete next[k];
              else next[k] = v;
              onChange(next);
            }}
          />
        ))}
      </fieldset>
    );
  }
  if (t === "array") {
    const arr = Array.isArray(value) ? value : [];
    const item = (s.items ?? { type: "string" }) as Schema;
    return (
      <fieldset class="sf-array">
        <legend>{name} [ ]</legend>
        {arr.map((v, i) => (
          <div key={i} class="sf-item">
            <SchemaField
              name={`${name}[${i}]`}
              s={item}
              value={v}
              onChange={(nv) => onChange(arr.map((x, j) => (j === i ? nv : x)))}
            />
            <button
              type="button"
              class="ui-button s-sm v-ghost"
              onClick={() => onChange(arr.filter((_, j) => j !== i))}
            >
              remove
            </button>
          </div>
        ))}
        <button
          type="button"
          class="ui-button s-sm"
          onClick={() =>
            onChange([...arr, initial(item) ?? (typeOf(item) === "number" || typeOf(item) === "integer" ? 0 : "")])
          }
        >
          add {name}
        </button>
      </fieldset>
    );
  }
  if (t === "boolean")
    return (
      <label class="sf">
        {label}
        <select
          name={name}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            onChange(raw === "" ? undefined : raw === "true");
          }}
        >
          <option value="">(omit)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </label>
    );
  const num = t === "number" || t === "integer";
  const text = value === undefined ? "" : String(value);
  const edit = (e: { currentTarget: HTMLInputElement }) => {
    const raw = e.currentTarget.value;
    onChange(raw === "" ? undefined : num ? Number(raw) : raw);
  };
  return (
    <label class="sf">
      {label}
      {num ? (
        <input name={name} type="number" step={t === "integer" ? 1 : "any"} value={text} onInput={edit} />
      ) : (
        <input name={name} type="text" value={text} onInput={edit} />
      )}
    </label>
  );
}
