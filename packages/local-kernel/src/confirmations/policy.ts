/** A user's confirmation settings: master toggle + per-action-type switches. */
export interface ConfirmationSettings {
  enabled?: boolean;
  actions?: { write?: boolean; destructive?: boolean } | Array<"write" | "destructive">;
}

/** Defaults: confirmations on; destructive confirmed, write not. */
export const DEFAULT_CONFIRMATIONS: Required<Pick<ConfirmationSettings, "enabled">> & {
  actions: { write: boolean; destructive: boolean };
} = {
  enabled: true,
  actions: { write: false, destructive: true },
};

/** Resolves a settings object into `{ enabled, write, destructive }`. */
export function resolveSettings(s: ConfirmationSettings | undefined): {
  enabled: boolean;
  write: boolean;
  destructive: boolean;
} {
  const enabled = s?.enabled ?? true;
  const a = s?.actions;
  if (Array.isArray(a)) return { enabled, write: a.includes("write"), destructive: a.includes("destructive") };
  return { enabled, write: a?.write ?? false, destructive: a?.destructive ?? true };
}

/** True when a call of this action type must be confirmed for a user with these settings. */
export function needsConfirmation(actionType: string, s: ConfirmationSettings | undefined): boolean {
  const r = resolveSettings(s);
  if (!r.enabled) return false;
  if (actionType === "destructive") return r.destructive;
  if (actionType === "write") return r.write;
  return false;
}
