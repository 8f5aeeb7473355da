/** Renders an argument path for messages: `items[2].note_id`, or `the arguments` for the root. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "the arguments";
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return `\`${out}\``;
}

/** A leaf of an argument tree that a guard rejected, with where it sits. */
export interface ArgHit {
  path: (string | number)[];
  value: string;
}

/**
 * Depth-first, cycle-safe search of an argument tree for the first scalar leaf `isBad` rejects; both argument guards
 * use it so they agree on traversal order and on the paths they report. Iterative (an explicit stack of frames that
 * point at their parent), so hostile nesting cannot overflow the call stack, and a path is only built for a leaf that
 * is judged.
 */
export function findArg(
  args: unknown,
  isBad: (leaf: string | number, path: (string | number)[]) => boolean,
): ArgHit | null {
  interface Frame {
    value: unknown;
    key: string | number | undefined;
    parent: Frame | undefined;
  }
  const pathOf = (f: Frame): (string | number)[] => {
    const out: (string | number)[] = [];
    for (let p: Frame | undefined = f; p && p.key !== undefined; p = p.parent) out.push(p.key);
    return out.reverse();
  };
  const visited = new Set<object>();
  const stack: Frame[] = [{ value: args, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.value;
    if (typeof v === "string" || typeof v === "number") {
      const path = pathOf(f);
      if (isBad(v, path)) return { path, value: String(v) };
      continue;
    }
    if (typeof v !== "object" || v === null || visited.has(v)) continue;
    visited.add(v);
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    // Pushed in reverse so entries pop in declaration order (the order the recursive walk reported).
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: f });
  }
  return null;
}

/** The object key a leaf belongs to: the last string segment of its path (array indices below it are skipped). */
export function ownerKey(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return path[i] as string;
  return undefined;
}
