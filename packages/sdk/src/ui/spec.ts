// The one definition of every UI node: its props (kind, enum values, aliases, required), its positional arguments
// and its docs. The builders' TypeScript types, their run-time checks, the inspector's prop tables and docs/ui.md
// are all derived from these definitions (SPEC 8.1).
import type { UIAction, UINode } from "./types.js";

/** A child slot: nodes, plus falsy values so `cond && ui.text(...)` works (they are dropped). */
export type UIChild = UINode | null | undefined | false;

/** The kinds a prop can have. */
export type PropKind =
  | "string"
  | "number"
  | "boolean"
  | "text"
  | "enum"
  | "node"
  | "children"
  | "action"
  | "array"
  | "object"
  | "record"
  | "json";

/** One prop: its kind, docs and (phantom) TypeScript types of what a builder accepts and what the node holds. */
export interface PropSpec<In = unknown, Out = In, Req extends boolean = boolean> {
  readonly kind: PropKind;
  readonly description: string;
  readonly required: Req;
  /** enum: the allowed values (after aliases). */
  readonly values?: readonly (string | number)[];
  /** enum: accepted spellings mapped to their value (the platform's aliases, e.g. "warning" -> "warn"). */
  readonly aliases?: Readonly<Record<string, string | number>>;
  /** array: the item spec. */
  readonly of?: PropSpec;
  /** object: the field specs. */
  readonly fields?: Readonly<Record<string, PropSpec>>;
  /** json: a valid example (docs and the gallery's sample). */
  readonly example?: unknown;
  /** Phantom: the accepted and stored types (never set at run time). */
  readonly __in?: In;
  readonly __out?: Out;
}

type Spec<In, Out = In> = PropSpec<In, Out, false> & { req(): PropSpec<In, Out, true> };

function spec<In, Out = In>(
  kind: PropKind,
  description: string,
  extra: Partial<Pick<PropSpec, "values" | "aliases" | "of" | "fields" | "example">> = {},
): Spec<In, Out> {
  const base = { kind, description, required: false as const, ...extra };
  return { ...base, req: () => ({ ...base, required: true as const }) };
}

type FieldsIn<F extends Record<string, PropSpec>> = Simplify<
  { [K in keyof F as F[K]["required"] extends true ? K : never]: InOf<F[K]> } & {
    [K in keyof F as F[K]["required"] extends true ? never : K]?: InOf<F[K]>;
  }
>;
type FieldsOut<F extends Record<string, PropSpec>> = Simplify<
  { [K in keyof F as F[K]["required"] extends true ? K : never]: OutOf<F[K]> } & {
    [K in keyof F as F[K]["required"] extends true ? never : K]?: OutOf<F[K]>;
  }
>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** What a builder accepts for a prop. */
export type InOf<S> = S extends PropSpec<infer I, unknown, boolean> ? I : never;
/** What the built node holds for a prop. */
export type OutOf<S> = S extends PropSpec<unknown, infer O, boolean> ? O : never;

/** The prop DSL. */
export const p = {
  string: (d: string) => spec<string>("string", d),
  number: (d: string) => spec<number>("number", d),
  boolean: (d: string) => spec<boolean>("boolean", d),
  /** A string or a number (a stat's value, a badge's label). */
  text: (d: string) => spec<string | number>("text", d),
  enum: <const V extends readonly (string | number)[], const A extends string = never>(
    values: V,
    d: string,
    aliases?: Readonly<Record<A, V[number]>>,
  ) => spec<V[number] | A, V[number]>("enum", d, { values, ...(aliases ? { aliases } : {}) }),
  node: (d: string) => spec<UINode>("node", d),
  children: (d: string) => spec<readonly UIChild[], UINode[]>("children", d),
  action: (d: string) => spec<UIAction>("action", d),
  array: <S extends PropSpec>(of: S, d: string) => spec<readonly InOf<S>[], OutOf<S>[]>("array", d, { of }),
  object: <F extends Record<string, PropSpec>>(fields: F, d: string) =>
    spec<FieldsIn<F>, FieldsOut<F>>("object", d, { fields }),
  record: (d: string) => spec<Readonly<Record<string, unknown>>, Record<string, unknown>>("record", d),
  json: (d: string, example: unknown = null) => spec<unknown>("json", d, { example }),
};

/** Widens what a builder accepts for a prop whose `prepare` step normalises other spellings (e.g. options as strings). */
export function accepting<In>() {
  return <S extends PropSpec>(s: S) => s as unknown as PropSpec<In, OutOf<S>, S["required"]>;
}

/** Props every node takes (SPEC 8.1): identity for the host's diffing, a revision, and sticky positioning. */
export const COMMON_PROPS = {
  id: p.string("Stable id of the node (the host keys re-renders by it)."),
  key: p.string("Alias of id, as in React."),
  revision: p.number("Bumped by the extension to force a re-render of this node."),
  sticky: p.boolean("Keeps the node in view while its container scrolls."),
  autoAction: p.action("On a panel's root node: runs once when the panel is shown."),
} as const;
type Common = typeof COMMON_PROPS;

/** The groups of the docs and the inspector's gallery. */
export type NodeGroup = "layout" | "data" | "display" | "interactive" | "feedback" | "inputs" | "graph";

/** One node definition. */
export interface NodeDef<
  T extends string = string,
  P extends Record<string, PropSpec> = Record<string, PropSpec>,
  A extends readonly (keyof P & string)[] = readonly (keyof P & string)[],
> {
  /** The builder's name in `ui` (also the node's `type`, unless `type` says otherwise). */
  readonly name: string;
  readonly type: T;
  readonly group: NodeGroup;
  readonly description: string;
  readonly props: P;
  /** Props taken as leading arguments, in order (the rest go in the trailing props object). */
  readonly args: A;
  /** Normalises accepted spellings before the checks (e.g. a select's options given as strings). */
  readonly prepare?: (props: Record<string, unknown>) => void;
  /** Extra checks and normalisation after the generic ones (e.g. a select's value must be one of its options). */
  readonly refine?: (props: Record<string, unknown>, fail: (prop: string, why: string) => never) => void;
  /** Names this builder is also reachable as (e.g. `dialog` for `modal`). */
  readonly alias?: readonly string[];
}

type ArgTypes<P extends Record<string, PropSpec>, A extends readonly string[]> = {
  [I in keyof A]: A[I] extends keyof P
    ? P[A[I]]["required"] extends true
      ? InOf<P[A[I]]>
      : InOf<P[A[I]]> | undefined
    : never;
};
type RestProps<P extends Record<string, PropSpec>, A extends readonly string[]> = FieldsIn<Omit<P, A[number]> & Common>;
type HasRequired<P> = { [K in keyof P]: P[K] extends PropSpec<unknown, unknown, true> ? K : never }[keyof P];

/** The builder function a definition yields: positional args, then the other props (required ones make it required). */
export type Builder<D> =
  D extends NodeDef<infer T, infer P, infer A>
    ? [HasRequired<Omit<P, A[number]>>] extends [never]
      ? (...args: [...ArgTypes<P, A>, props?: RestProps<P, A>]) => UINode<T, FieldsOut<P & Common>>
      : (...args: [...ArgTypes<P, A>, props: RestProps<P, A>]) => UINode<T, FieldsOut<P & Common>>
    : never;

/** Declares a node (the const type parameters keep the literal names for the builder's types). */
export function defineNode<
  const T extends string,
  const P extends Record<string, PropSpec>,
  const A extends readonly (keyof P & string)[] = [],
>(def: {
  name?: string;
  type: T;
  group: NodeGroup;
  description: string;
  props: P;
  args?: A;
  prepare?: NodeDef["prepare"];
  refine?: NodeDef["refine"];
  alias?: readonly string[];
}): NodeDef<T, P, A> {
  return { ...def, name: def.name ?? def.type, args: (def.args ?? []) as unknown as A };
}
