// Input nodes: forms and their fields. A field's value is sent under its name as a param of the form's onSubmit call.
import { accepting, defineNode, p } from "../spec.js";
import { field, fieldName, normaliseOptions, option } from "./shared.js";

type Option = string | { label: string; value: string };
const options = accepting<readonly Option[]>()(p.array(option, "The choices (strings or { label, value }).").req());
const valueIn = (multi: boolean) => (props: Record<string, unknown>, fail: (p: string, why: string) => never) => {
  const values = (props.options as Array<{ value: string }>).map((o) => o.value);
  const chosen = multi ? ((props.value as string[] | undefined) ?? []) : props.value === undefined ? [] : [props.value];
  for (const v of chosen)
    if (!values.includes(v as string)) fail("value", `${JSON.stringify(v)} is not one of the options.`);
};

export const form = defineNode({
  type: "form",
  group: "inputs",
  description: "A form whose field values are sent to onSubmit's function as params.",
  args: ["children"],
  props: {
    children: p.children("The fields (and any other nodes).").req(),
    onSubmit: p.action("The call the values are merged into.").req(),
    submitLabel: p.string("Text of the submit button."),
    defaults: p.record("Params sent with every submit (e.g. the id being edited)."),
    confirm: p.string("Asked before submitting."),
  },
});
export const input = defineNode({
  type: "input",
  group: "inputs",
  description: "A single-line text field.",
  args: ["name"],
  props: {
    name: fieldName,
    type: p.enum(["text", "password", "email", "number", "url"], "Keyboard and validation."),
    value: p.text("Current value."),
    onSubmit: p.action("Runs on Enter with the value as a param."),
    ...field,
  },
});
export const password = defineNode({
  type: "password",
  group: "inputs",
  description: "A masked text field (the value is never echoed back in panels).",
  args: ["name"],
  props: { name: fieldName, ...field },
});
export const textArea = defineNode({
  type: "textArea",
  group: "inputs",
  description: "A multi-line text field.",
  args: ["name"],
  props: { name: fieldName, value: p.string("Current value."), rows: p.number("Visible lines."), ...field },
});
export const richEditor = defineNode({
  type: "richEditor",
  group: "inputs",
  description: "A formatted-text editor (markdown value).",
  args: ["name"],
  props: {
    name: fieldName,
    value: p.string("Current content (markdown)."),
    onSave: p.action("Runs on save with the content as a param."),
    onChange: p.action("Runs (debounced) while typing."),
    ...field,
  },
});
export const select = defineNode({
  type: "select",
  group: "inputs",
  description: "A dropdown field; a preset value must be one of the options.",
  args: ["name", "options"],
  props: {
    name: fieldName,
    options,
    value: p.string("Chosen value."),
    onChange: p.action("Runs when the choice changes."),
    ...field,
  },
  prepare: normaliseOptions,
  refine: valueIn(false),
});
export const multiSelect = defineNode({
  type: "multiSelect",
  group: "inputs",
  description: "A field choosing several options.",
  args: ["name", "options"],
  props: {
    name: fieldName,
    options,
    value: p.array(p.string("A chosen value."), "Chosen values."),
    onChange: p.action("Runs when the choice changes."),
    ...field,
  },
  prepare: normaliseOptions,
  refine: valueIn(true),
});
export const radioGroup = defineNode({
  type: "radioGroup",
  group: "inputs",
  description: "One choice out of a few, all visible.",
  args: ["name", "options"],
  props: {
    name: fieldName,
    options,
    value: p.string("Chosen value."),
    direction: p.enum(["vertical", "horizontal"], "How the choices are laid out.", { v: "vertical", h: "horizontal" }),
    ...field,
  },
  prepare: normaliseOptions,
  refine: valueIn(false),
});
export const toggle = defineNode({
  type: "toggle",
  group: "inputs",
  description: "An on/off switch field.",
  args: ["name"],
  props: {
    name: fieldName,
    label: p.string("Label."),
    value: p.boolean("On or off."),
    disabled: p.boolean("Not changeable."),
    onChange: p.action("Runs on change with the new value."),
  },
});
export const checkbox = defineNode({
  type: "checkbox",
  group: "inputs",
  description: "A checkbox field.",
  args: ["name"],
  props: { name: fieldName, label: p.string("Label."), value: p.boolean("Checked."), disabled: p.boolean("Locked.") },
});
export const slider = defineNode({
  type: "slider",
  group: "inputs",
  description: "A number picked on a range.",
  args: ["name"],
  props: {
    name: fieldName,
    min: p.number("Lowest value (default 0)."),
    max: p.number("Highest value (default 100)."),
    step: p.number("Increment (default 1)."),
    value: p.number("Current value."),
    label: p.string("Label."),
    disabled: p.boolean("Not changeable."),
  },
  refine: (props, fail) => {
    const min = (props.min as number | undefined) ?? 0;
    const max = (props.max as number | undefined) ?? 100;
    if (min > max) fail("min", "must not be greater than max.");
    if (props.value !== undefined && ((props.value as number) < min || (props.value as number) > max))
      fail("value", `must be within ${min}..${max}.`);
  },
});
export const datePicker = defineNode({
  type: "datePicker",
  group: "inputs",
  description: "A date or date-time field (ISO strings).",
  args: ["name"],
  props: {
    name: fieldName,
    mode: p.enum(["date", "datetime"], "Date only, or date and time."),
    value: p.string("Current value (ISO)."),
    ...field,
  },
});
export const tagInput = defineNode({
  type: "tagInput",
  group: "inputs",
  description: "A field holding a list of strings.",
  args: ["name"],
  props: {
    name: fieldName,
    value: p.array(p.string("A tag."), "Current tags."),
    suggestions: p.array(p.string("A suggestion."), "Offered while typing."),
    delimiters: p.array(p.string("A delimiter."), "Keys that end a tag (default Enter and ,)."),
    validate: p.string("Regular expression each tag must match."),
    validateMessage: p.string("Shown when a tag does not match."),
    onChange: p.action("Runs when the tags change."),
    ...field,
  },
  refine: (props, fail) => {
    if (typeof props.validate === "string") {
      try {
        new RegExp(props.validate);
      } catch {
        fail("validate", "must be a valid regular expression.");
      }
    }
  },
});
export const fileUpload = defineNode({
  type: "fileUpload",
  group: "inputs",
  description: "Picks files; onUpload gets files: [{ name, mime_type, size, data_base64 }].",
  args: ["name"],
  props: {
    name: fieldName,
    accept: p.string("Accepted types (e.g. image/*,.pdf)."),
    multiple: p.boolean("Several files at once."),
    maxSizeMb: p.number("Largest file, MiB."),
    onUpload: p.action("The call the files are sent to.").req(),
    label: p.string("Label."),
    disabled: p.boolean("Not usable."),
  },
});
