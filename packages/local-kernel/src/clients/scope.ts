/** The partition every per-user client is bound to. */
export interface ClientScope {
  tenantId: string;
  userId: string;
  appId: string;
}

/** Called with every id a client hands back to a handler (feeds the seen-ids registry). */
export type IdSink = (ids: string[]) => void;

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
