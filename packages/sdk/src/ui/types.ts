/** An action attached to buttons, list items, menus and forms; `confirm` makes the UI ask before running it. */
export type UIAction =
  | { action: "call"; function: string; params: Record<string, unknown>; confirm?: string }
  | { action: "navigate"; path: string; confirm?: string }
  | { action: "send"; message: string; confirm?: string }
  | { action: "open"; url: string; confirm?: string };

/** A UI node: plain JSON `{ type, props }` (undefined props are dropped). */
export interface UINode<T extends string = string, P extends object = Record<string, unknown>> {
  type: T;
  props: P;
}
