/** An action attached to buttons, list items, menus and forms. */
export type UIAction =
  | { action: "call"; function: string; params: Record<string, unknown> }
  | { action: "navigate"; path: string }
  | { action: "send"; message: string }
  | { action: "open"; url: string };

/** A UI node: plain JSON `{ type, props }` (undefined props are dropped). */
export interface UINode<T extends string = string, P extends object = Record<string, unknown>> {
  type: T;
  props: P;
}
