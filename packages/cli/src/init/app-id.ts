import { APP_ID_PATTERN } from "@imperal/sdk/patterns";

/** Why `id` is not a valid app id, or undefined when it is. */
export function appIdProblem(id: string): string | undefined {
  if (id.length === 0) return "it is empty";
  if (/[/\\]/.test(id)) return "it looks like a path (an app id is a single name, never a path)";
  if (id.length < 2) return "it must be at least 2 characters long";
  if (id.length > 48)
    return "it must be at most 48 characters long (tool names become `{app_id}__{name}`, at most 64 chars)";
  if (APP_ID_PATTERN.test(id)) return undefined;
  if (/[A-Z]/.test(id)) return "it contains upper-case letters";
  if (/^-|-$/.test(id)) return "it must start and end with a lower-case letter or digit";
  return "it may only contain lower-case letters, digits and hyphens";
}

/** Turn any string (a directory name, a display name) into the closest valid app id. */
export function suggestAppId(raw: string): string {
  let s = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (s.length > 48) s = s.slice(0, 48).replace(/-+$/, "");
  if (s.length === 0) return "my-extension";
  if (s.length < 2) s = `${s}-app`;
  return s;
}

/** Human display name derived from an app id: `my-notes` -> `My Notes` (at least 3 chars, as V15 requires). */
export function defaultDisplayName(appId: string): string {
  const title = appId
    .split("-")
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
  return title.length >= 3 && title !== appId ? title : `${title} Extension`;
}

/** A scope namespace for the extension's capabilities (`ns:read`): capability names must start with a letter. */
export function scopeNamespace(appId: string): string {
  return /^[a-z]/.test(appId) ? appId : `app-${appId}`;
}

/** A JS identifier-ish tool name (`^[a-z][a-z0-9_]*$`) for the ChatExtension tool. */
export function chatToolName(appId: string): string {
  const s = appId.replace(/-/g, "_");
  return /^[a-z]/.test(s) ? s : `app_${s}`;
}
