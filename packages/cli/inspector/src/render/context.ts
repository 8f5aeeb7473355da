// What rendered nodes need from their host: a way to run actions, and the form (if any) their values merge into.
import { createContext } from "preact";
import { useContext, useRef, useState } from "preact/hooks";

/** An action of the UI kit (`ui.call`, `ui.send`, `ui.open`, `ui.navigate`). */
export type UIAction =
  | { action: "call"; function: string; params?: Record<string, unknown>; confirm?: string }
  | { action: "navigate"; path: string; confirm?: string }
  | { action: "send"; message: string; confirm?: string }
  | { action: "open"; url: string; confirm?: string };

/** Runs actions for the panel being rendered; `values` are merged into a call's params. */
export interface Runner {
  run(action: UIAction, values?: Record<string, unknown>): void;
}
export const RunContext = createContext<Runner>({ run: () => undefined });

/** The nearest form: inputs write their values into it, its submit (and buttons inside it) send them. */
export interface FormState {
  values: Record<string, unknown>;
}
export const FormContext = createContext<FormState | null>(null);

/** Run an action (no-op for a missing one). */
export function useRun(): (a: unknown, values?: Record<string, unknown>) => void {
  const r = useContext(RunContext);
  const form = useContext(FormContext);
  return (a, values) => {
    if (!a || typeof a !== "object") return;
    r.run(a as UIAction, { ...(form?.values ?? {}), ...(values ?? {}) });
  };
}

/** An input's value: local state, mirrored into the enclosing form under `name`. */
export function useField<T>(name: string, initial: T): [T, (v: T) => void] {
  const form = useContext(FormContext);
  const [v, setV] = useState<T>(initial);
  // A new value from the extension (a re-render with other data) replaces what the input holds — in this very render,
  // not in an effect after it: the DOM must never show the new panel with the old value.
  const given = JSON.stringify(initial) ?? "undefined";
  const last = useRef<string | null>(null);
  let value = v;
  if (last.current !== given) {
    // first render, or the extension sent another value: it is what the input (and its form) holds now
    if (last.current !== null) {
      value = initial;
      setV(initial);
    }
    last.current = given;
    if (form && name) form.values[name] = value;
  }
  return [
    value,
    (next: T) => {
      setV(next);
      if (form && name) form.values[name] = next;
    },
  ];
}
