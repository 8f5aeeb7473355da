// Prop vocabularies shared by several nodes.
import { p } from "../spec.js";

export const COLORS = ["gray", "blue", "green", "yellow", "orange", "red", "purple"] as const;
export const SIZES = ["sm", "md", "lg"] as const;
export const ALIGN = ["start", "center", "end", "stretch"] as const;
export const JUSTIFY = ["start", "center", "end", "between", "around"] as const;
export const COLUMNS = [1, 2, 3, 4, 5, 6] as const;

export const color = (d = "Colour from the host's palette.") => p.enum(COLORS, d);
export const size = (d = "Size.") => p.enum(SIZES, d);

/** Props every form field takes. */
export const field = {
  label: p.string("Label shown with the field."),
  placeholder: p.string("Hint shown while the field is empty."),
  required: p.boolean("The form cannot be submitted while this is empty."),
  disabled: p.boolean("Shown but not editable."),
} as const;

/** Name of the param a field's value is sent as (the form's onSubmit call gets it). */
export const fieldName = p.string("Param name the value is sent as.").req();

/** A choice of a select, multi-select or radio group. */
export const option = p.object(
  { label: p.string("Shown text.").req(), value: p.string("Value sent.").req() },
  "One choice.",
);

/** Options may be given as strings; each becomes { label, value }. */
export function normaliseOptions(props: Record<string, unknown>): void {
  if (Array.isArray(props.options))
    props.options = props.options.map((o: unknown) => (typeof o === "string" ? { label: o, value: o } : o));
}
