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
 * use it so they agree on traversal order and on the paths they report.
 */
export function findArg(
  args: unknown,
  isBad: (leaf: string | number, path: (string | number)[]) => boolean,
): ArgHit | null {
  const visited = new Set<object>();
  const walk = (v: unknown, path: (string | number)[]): ArgHit | null => {
    if (typeof v === "string" || typeof v === "number") return isBad(v, path) ? { path, value: String(v) } : null;
    if (typeof v !== "object" || v === null || visited.has(v)) return null;
    visited.add(v);
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of entries) {
      const hit = walk(x, [...path, k]);
      if (hit) return hit;
    }
    return null;
  };
  return walk(args, []);
}

/** The object key a leaf belongs to: the last string segment of its path (array indices below it are skipped). */
export function ownerKey(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return path[i] as string;
  return undefined;
}
