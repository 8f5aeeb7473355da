import { call, navigate, open, send } from "./actions.js";
import { button, checkbox, datePicker, form, input, menu, modal, select, tagInput, textArea, toggle } from "./inputs.js";
import {
  alert, badge, card, code, dataTable, divider, empty, grid, header, keyValue, list, listItem, markdown, section, stack,
  stat, stats, tabs, text,
} from "./layout.js";
import { chart, image, link, progress } from "./media.js";

export type { UIAction, UINode } from "./types.js";
export type {
  UIChild, Color, Align, ButtonVariant, Size, AlertType, ModalSize, InputType, ChartType, TextVariant, Trend,
} from "./props.js";
export { isUINode } from "./validate.js";

/** UI node builders: plain JSON `{ type, props }`, typed props, runtime `TypeError` on bad enum values. */
export const ui = {
  stack, grid, tabs, section, card,
  text, header, markdown, code, divider, empty, alert, badge, stat, stats, keyValue, list, listItem, dataTable,
  button, menu, modal, form, input, textArea, select, toggle, checkbox, datePicker, tagInput,
  chart, progress, image, link,
  call, navigate, send, open,
} as const;
