/** Renders an argument path for messages: `items[2].note_id`, or `the arguments` for the root. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "the arguments";
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return `\`${out}\``;
}
