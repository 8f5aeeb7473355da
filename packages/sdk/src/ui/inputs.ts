import type { UIAction, UINode } from "./types.js";
import {
  action,
  children,
  node,
  num,
  oneOf,
  optNode,
  str,
  type ButtonVariant,
  type InputType,
  type ModalSize,
  type Size,
  type UIChild,
} from "./props.js";

// ---- interactive ---------------------------------------------------------------------------------------

/** A button that runs an action. */
export function button(
  label: string,
  props: { onClick?: UIAction; variant?: ButtonVariant; size?: Size; icon?: string; disabled?: boolean } = {},
) {
  return node("button", {
    label: str("button", "label", label)!,
    onClick: action("button", "onClick", props.onClick),
    variant: oneOf("button", "variant", props.variant, ["primary", "secondary", "ghost", "danger"] as const),
    size: oneOf("button", "size", props.size, ["sm", "md", "lg"] as const),
    icon: str("button", "icon", props.icon, true),
    disabled: props.disabled,
  });
}
/** A dropdown of actions. */
export function menu(
  items: readonly { label: string; onClick: UIAction; icon?: string; danger?: boolean }[],
  props: { label?: string; icon?: string } = {},
) {
  if (!Array.isArray(items)) throw new TypeError("ui.menu: items must be an array.");
  return node("menu", {
    items: items.map((i) => ({
      label: str("menu", "label", i.label)!,
      onClick: action("menu", "onClick", i.onClick)!,
      ...(i.icon !== undefined ? { icon: i.icon } : {}),
      ...(i.danger !== undefined ? { danger: i.danger } : {}),
    })),
    label: str("menu", "label", props.label, true),
    icon: str("menu", "icon", props.icon, true),
  });
}
/** A dialog with a title and a size. */
export function modal(
  items: readonly UIChild[],
  props: { title: string; size?: ModalSize; trigger?: UINode; open?: boolean },
) {
  return node("modal", {
    children: children("modal", items),
    title: str("modal", "title", props?.title)!,
    size: oneOf("modal", "size", props.size, ["xs", "sm", "md", "lg", "xl", "full"] as const),
    trigger: optNode("modal", "trigger", props.trigger),
    open: props.open,
  });
}
/** A form whose field values are sent to onSubmit's function as params. */
export function form(items: readonly UIChild[], props: { onSubmit: UIAction; submitLabel?: string; id?: string }) {
  return node("form", {
    children: children("form", items),
    onSubmit:
      action("form", "onSubmit", props?.onSubmit) ??
      (() => {
        throw new TypeError("ui.form: onSubmit is required.");
      })(),
    submitLabel: str("form", "submitLabel", props.submitLabel, true),
    id: str("form", "id", props.id, true),
  });
}
interface FieldProps {
  label?: string;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
}
/** Checks a form field name (non-empty string); throws a TypeError otherwise. */
export function field(builder: string, name: string): string {
  if (typeof name !== "string" || name === "") throw new TypeError(`ui.${builder}: name must be a non-empty string.`);
  return name;
}
/** A single-line text field. */
export function input(name: string, props: FieldProps & { type?: InputType; value?: string | number } = {}) {
  return node("input", {
    name: field("input", name),
    type: oneOf("input", "type", props.type, ["text", "password", "email", "number", "url"] as const),
    label: str("input", "label", props.label, true),
    placeholder: str("input", "placeholder", props.placeholder, true),
    value: props.value,
    required: props.required,
    disabled: props.disabled,
  });
}
/** A multi-line text field. */
export function textArea(name: string, props: FieldProps & { value?: string; rows?: number } = {}) {
  return node("textArea", {
    name: field("textArea", name),
    label: str("textArea", "label", props.label, true),
    placeholder: str("textArea", "placeholder", props.placeholder, true),
    value: str("textArea", "value", props.value, true),
    rows: num("textArea", "rows", props.rows),
    required: props.required,
    disabled: props.disabled,
  });
}
/** A dropdown field; a preset value must be one of the options. */
export function select(
  name: string,
  options: readonly (string | { label: string; value: string })[],
  props: FieldProps & { value?: string } = {},
) {
  if (!Array.isArray(options)) throw new TypeError("ui.select: options must be an array.");
  const opts = options.map((o) =>
    typeof o === "string"
      ? { label: o, value: o }
      : { label: str("select", "option label", o.label)!, value: str("select", "option value", o.value)! },
  );
  if (props.value !== undefined && !opts.some((o) => o.value === props.value)) {
    throw new TypeError(`ui.select: value ${JSON.stringify(props.value)} is not one of the options.`);
  }
  return node("select", {
    name: field("select", name),
    options: opts,
    label: str("select", "label", props.label, true),
    placeholder: str("select", "placeholder", props.placeholder, true),
    value: props.value,
    required: props.required,
    disabled: props.disabled,
  });
}
/** An on/off switch field. */
export function toggle(name: string, props: { label?: string; value?: boolean; disabled?: boolean } = {}) {
  return node("toggle", {
    name: field("toggle", name),
    label: str("toggle", "label", props.label, true),
    value: props.value,
    disabled: props.disabled,
  });
}
/** A checkbox field. */
export function checkbox(name: string, props: { label?: string; value?: boolean; disabled?: boolean } = {}) {
  return node("checkbox", {
    name: field("checkbox", name),
    label: str("checkbox", "label", props.label, true),
    value: props.value,
    disabled: props.disabled,
  });
}
/** A date or date-time field (ISO strings). */
export function datePicker(name: string, props: FieldProps & { value?: string; mode?: "date" | "datetime" } = {}) {
  return node("datePicker", {
    name: field("datePicker", name),
    mode: oneOf("datePicker", "mode", props.mode, ["date", "datetime"] as const),
    label: str("datePicker", "label", props.label, true),
    value: str("datePicker", "value", props.value, true),
    required: props.required,
    disabled: props.disabled,
  });
}
/** A field holding a list of strings. */
export function tagInput(name: string, props: FieldProps & { value?: string[] } = {}) {
  if (props.value !== undefined && (!Array.isArray(props.value) || props.value.some((v) => typeof v !== "string"))) {
    throw new TypeError("ui.tagInput: value must be an array of strings.");
  }
  return node("tagInput", {
    name: field("tagInput", name),
    label: str("tagInput", "label", props.label, true),
    placeholder: str("tagInput", "placeholder", props.placeholder, true),
    value: props.value,
    required: props.required,
    disabled: props.disabled,
  });
}
