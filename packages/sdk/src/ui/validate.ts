/** True for a `{ type, props }` UI node (shape check, works on nodes built by any SDK copy). */
export function isUINode(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as { type?: unknown; props?: unknown };
  return (
    typeof v.type === "string" &&
    v.type !== "" &&
    typeof v.props === "object" &&
    v.props !== null &&
    !Array.isArray(v.props)
  );
}
