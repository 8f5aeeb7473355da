/**
 * Which methods of `Extension` / `ChatExtension` register something, and the spellings of them the engine cannot
 * follow (SPEC 7.11): `chat["function"](...)`, `.bind`/`.call`/`.apply`, a detached or destructured method, a
 * computed method name, spread arguments or spread options. Each becomes an `Unfollowed` entry that the
 * CANNOT-VERIFY rule reports, so such a registration is never a silent pass.
 */
import { ts, type Node, type CallExpression } from "./tsapi.js";
import { memberName, stripExpr } from "./syntax.js";
import type { SourceInfo } from "./source-index.js";

/** What a registration registers. `event` is an `onEvent` subscriber, `lifecycle` a hook or the health check. */
export type RegKind =
  | "function"
  | "tool"
  | "skeleton"
  | "panel"
  | "secret"
  | "schedule"
  | "expose"
  | "emits"
  | "event"
  | "webhook"
  | "lifecycle";

/** Where a registration method takes its name, options and handler (argument indexes; absent = none). */
export interface MethodShape {
  kind: RegKind;
  name?: number;
  opts?: number;
  handler?: number;
}

const named = (kind: RegKind, handler = true): MethodShape => ({
  kind,
  name: 0,
  opts: 1,
  ...(handler ? { handler: 2 } : {}),
});
const hook: MethodShape = { kind: "lifecycle", handler: 0 };

/** Registration methods of `Extension` (SPEC 1.1, 7.1, 7.3-7.6) and the positions of their arguments. */
export const EXT_SHAPES: Record<string, MethodShape> = {
  tool: named("tool"),
  skeleton: named("skeleton"),
  panel: named("panel"),
  secret: named("secret", false),
  schedule: named("schedule"),
  expose: named("expose"),
  webhook: named("webhook"),
  emits: named("emits", false),
  onEvent: { kind: "event", name: 0, handler: 1 },
  onInstall: hook,
  onUninstall: hook,
  onEnable: hook,
  onDisable: hook,
  healthCheck: hook,
  // the version is the hook's name: one hook per version
  onUpgrade: { kind: "lifecycle", name: 0, handler: 1 },
};
/** Registration methods of `ChatExtension` (`fn` is the decorator-friendly alias of `function`). */
export const CHAT_SHAPES: Record<string, MethodShape> = { function: named("function"), fn: named("function") };

/** Registration methods of `Extension` and what each registers. */
export const EXT_METHODS: Record<string, RegKind> = Object.fromEntries(
  Object.entries(EXT_SHAPES).map(([m, s]) => [m, s.kind]),
);
/** Registration methods of `ChatExtension` and what each registers. */
export const CHAT_METHODS: Record<string, RegKind> = { function: "function", fn: "function" };

/** A registration method reached in a way the engine cannot follow: reported, never passed silently. */
export interface Unfollowed {
  file: SourceInfo;
  /** where to report: the method access (or the call when its arguments are the problem) */
  node: Node;
  /** the call as written, shortened, for the message */
  label: string;
  /** why it cannot be followed */
  reason: string;
  /** receiver and method (`chat.function`), for the fix text */
  method: string;
  /** "call": nothing of the registration is checked; "options": the call is followed, its options only partly */
  scope: "call" | "options";
}

type InstanceKind = { kind: "extension" | "chat" };
type ResolveInstance = (expr: Node) => InstanceKind | undefined;

const has = (table: Record<string, RegKind>, name: string): boolean =>
  Object.prototype.hasOwnProperty.call(table, name);
const isMethodName = (name: string): boolean => has(EXT_METHODS, name) || has(CHAT_METHODS, name);
const methodsOf = (inst: InstanceKind): Record<string, RegKind> =>
  inst.kind === "extension" ? EXT_METHODS : CHAT_METHODS;

/** A direct registration call (`chat.function(...)`) whose arguments the engine cannot read. */
export function callProblem(
  file: SourceInfo,
  call: CallExpression,
  callee: import("ts-morph").ts.PropertyAccessExpression,
  reason: string,
  scope: Unfollowed["scope"] = "call",
): Unfollowed {
  const method = `${shorten(callee.expression.getText(file.sf), 30)}.${callee.name.text}`;
  return { file, node: call, label: callLabel(file, call), reason, method, scope };
}

/**
 * A registration method used other than as the callee of a direct call: element access, `.bind`/`.call`/`.apply`,
 * a reference stored or passed on, or a computed method name that is called.
 */
export function methodAccessProblem(file: SourceInfo, n: Node, resolve: ResolveInstance): Unfollowed | undefined {
  if (!ts.isPropertyAccessExpression(n) && !ts.isElementAccessExpression(n)) return undefined;
  const name = memberName(n);
  if (name !== undefined && !isMethodName(name)) return undefined;
  let top: Node = n;
  let up: Node = n.parent;
  while (ts.isParenthesizedExpression(up)) [top, up] = [up, up.parent];
  const directCallee = ts.isCallExpression(up) && up.expression === top;
  // `chat.function(...)` itself is a registration (or some other object's method): tryRegistration decides
  if (directCallee && ts.isPropertyAccessExpression(n)) return undefined;
  const passedOn =
    ts.isPropertyAccessExpression(up) && up.expression === top && ["bind", "call", "apply"].includes(up.name.text);
  // reading an unrelated member by a computed key (`ext[k]` as a value) is not a registration
  if (name === undefined && !directCallee && !passedOn) return undefined;
  const inst = resolve(n.expression);
  if (!inst) return undefined;
  const methods = methodsOf(inst);
  if (name !== undefined && !has(methods, name)) return undefined;
  const how =
    name === undefined
      ? "a computed method name"
      : ts.isElementAccessExpression(n) && !passedOn
        ? "element access"
        : passedOn
          ? `.${(up as import("ts-morph").ts.PropertyAccessExpression).name.text}(...)`
          : "a reference to the method";
  return {
    file,
    node: n,
    label: callLabel(file, outermostCall(n)),
    reason: `the method is reached through ${how}`,
    scope: "call",
    method: `${shorten(n.expression.getText(file.sf), 30)}.${name ?? Object.keys(methods)[0]}`,
  };
}

/** `const { function: register } = chat` (or `...rest`): the method is detached from the instance. */
export function destructuringProblem(file: SourceInfo, n: Node, resolve: ResolveInstance): Unfollowed | undefined {
  if (!ts.isObjectBindingPattern(n) || !ts.isVariableDeclaration(n.parent) || !n.parent.initializer) return undefined;
  const keys = n.elements.map((el) => {
    const key = el.propertyName ?? el.name;
    if (el.dotDotDotToken) return "...";
    return ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : "[computed]";
  });
  const picks = keys.some((k) => k === "..." || k === "[computed]" || isMethodName(k));
  if (!picks) return undefined;
  const init = n.parent.initializer;
  const inst = resolve(init);
  if (!inst) return undefined;
  return {
    file,
    node: n,
    // `const { function: reg } = chat`: the declaration list carries the keyword
    label: shorten((ts.isVariableDeclarationList(n.parent.parent) ? n.parent.parent : n.parent).getText(file.sf), 60),
    reason: "the method is destructured from the instance",
    scope: "call",
    method: `${shorten(init.getText(file.sf), 30)}.${keys.find((k) => has(methodsOf(inst), k)) ?? Object.keys(methodsOf(inst))[0]}`,
  };
}

/** One line of source for a message: whitespace collapsed, at most `max` characters. */
function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 3) + "..." : t;
}

/** `chat.function.bind(chat)(...)`: a call named by its callee, arguments elided; other nodes as written. */
function callLabel(file: SourceInfo, n: Node): string {
  const e = stripExpr(n);
  if (ts.isCallExpression(e)) return `${shorten(e.expression.getText(file.sf), 50)}(...)`;
  return shorten(e.getText(file.sf), 50);
}

/** The outermost call a method access leads into (`chat.function.bind(chat)(...)` for `chat.function`). */
function outermostCall(n: Node): Node {
  let top = n;
  for (let i = 0; i < 8; i++) {
    const p: Node = top.parent;
    const chained =
      ts.isParenthesizedExpression(p) ||
      (ts.isPropertyAccessExpression(p) && p.expression === top) ||
      (ts.isCallExpression(p) && p.expression === top);
    if (!chained) break;
    top = p;
  }
  return top;
}
