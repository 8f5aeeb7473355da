import { existsSync, readFileSync } from "node:fs";
import type { Db } from "../state/db.js";
import { clientError } from "../errors.js";
import type { ClientScope } from "./scope.js";

/** A secret declared by the extension (`ext.secret`). */
export interface SecretDecl {
  name: string;
  description?: string;
  writeMode?: "user" | "extension" | "both";
  maxBytes?: number;
  required?: boolean;
}

/** Values provided outside the database: `.imperal/secrets.json` and `IMPERAL_SECRET_<NAME>` env vars. */
export interface SecretSources {
  file: Record<string, string>;
  perUser: Record<string, Record<string, string>>;
  env: NodeJS.ProcessEnv;
}

/** Reads `.imperal/secrets.json` (`{ NAME: value }`, optionally `{ users: { id: { NAME: value } } }`). */
export function loadSecretSources(path: string, env: NodeJS.ProcessEnv = process.env): SecretSources {
  const out: SecretSources = { file: {}, perUser: {}, env };
  if (!existsSync(path)) return out;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw clientError(
      "ImperalError",
      "SECRETS_FILE_INVALID",
      `${path} is not valid JSON.`,
      "Fix the JSON syntax of .imperal/secrets.json (values are not printed).",
    );
  }
  if (json && typeof json === "object") {
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
      if (k === "users" && v && typeof v === "object") {
        for (const [u, m] of Object.entries(v as Record<string, unknown>)) {
          if (m && typeof m === "object")
            out.perUser[u] = Object.fromEntries(
              Object.entries(m as Record<string, unknown>).filter(([, x]) => typeof x === "string"),
            ) as Record<string, string>;
        }
      } else if (typeof v === "string") out.file[k] = v;
    }
  }
  return out;
}

/** Environment variable name for a secret: `IMPERAL_SECRET_<NAME>` (upper-case, non-alphanumerics -> `_`). */
export function secretEnvName(name: string): string {
  return `IMPERAL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Options of {@link SqliteSecrets}. */
export interface SqliteSecretsOptions {
  db: Db;
  scope: ClientScope;
  /** The serving build's declared secrets, by name. */
  declared: Map<string, SecretDecl>;
  /** `.imperal/secrets.json` and `IMPERAL_SECRET_<NAME>` values. */
  sources: SecretSources;
}

/** Per-user secrets: only declared names; values never logged. */
export class SqliteSecrets {
  private readonly db: Db;
  private readonly scope: ClientScope;
  private readonly declared: Map<string, SecretDecl>;
  private readonly sources: SecretSources;
  constructor(o: SqliteSecretsOptions) {
    this.db = o.db;
    this.scope = o.scope;
    this.declared = o.declared;
    this.sources = o.sources;
  }

  private decl(name: unknown): SecretDecl {
    const d = typeof name === "string" ? this.declared.get(name) : undefined;
    if (!d) {
      throw clientError(
        "SecretNotDeclared",
        "SECRET_NOT_DECLARED",
        `Secret ${JSON.stringify(name)} is not declared by this extension.`,
        `Declare it with ext.secret(${JSON.stringify(name)}, { description }) and rebuild.`,
      );
    }
    return d;
  }
  private part(): [string, string, string] {
    return [this.scope.tenantId, this.scope.userId, this.scope.appId];
  }

  private sel: import("better-sqlite3").Statement<unknown[]> | undefined;

  private lookup(name: string): string | null {
    this.sel ??= this.db.prepare("SELECT value FROM secrets WHERE tenant_id=? AND user_id=? AND app_id=? AND name=?");
    const row = this.sel.get(...this.part(), name) as { value: string } | undefined;
    if (row) return row.value;
    const pu = this.sources.perUser[this.scope.userId]?.[name];
    if (pu !== undefined) return pu;
    const env = this.sources.env[secretEnvName(name)];
    if (env !== undefined && env !== "") return env;
    return this.sources.file[name] ?? null;
  }

  /** Returns the value or null when not set. */
  async get(name: string): Promise<string | null> {
    this.decl(name);
    return this.lookup(name);
  }
  /** Stores a value for this user (declared names only; `writeMode: "user"` secrets are read-only for handlers). */
  async set(name: string, value: string): Promise<void> {
    const d = this.decl(name);
    if (d.writeMode === "user")
      throw clientError(
        "ImperalError",
        "SECRET_READ_ONLY",
        `Secret "${name}" can only be set by the user.`,
        'Declare it with writeMode: "extension" or "both" to set it from a handler.',
      );
    if (typeof value !== "string")
      throw clientError(
        "ValidationError",
        "SECRET_INVALID_VALUE",
        `Secret "${name}" must be a string.`,
        "Pass the secret value as a string.",
      );
    const max = d.maxBytes ?? 4096;
    if (Buffer.byteLength(value) > max)
      throw clientError(
        "ValidationError",
        "SECRET_TOO_LARGE",
        `Secret "${name}" is larger than ${max} bytes.`,
        "Store a shorter value or raise maxBytes in ext.secret.",
      );
    this.db
      .prepare(
        "INSERT OR REPLACE INTO secrets (tenant_id, user_id, app_id, name, value, updated_at) VALUES (?,?,?,?,?,?)",
      )
      .run(...this.part(), name, value, new Date().toISOString());
  }
  /** Removes this user's stored value; true when one was stored. */
  async delete(name: string): Promise<boolean> {
    const d = this.decl(name);
    if (d.writeMode === "user")
      throw clientError(
        "ImperalError",
        "SECRET_READ_ONLY",
        `Secret "${name}" can only be changed by the user.`,
        'Declare it with writeMode: "extension" or "both".',
      );
    return (
      this.db
        .prepare("DELETE FROM secrets WHERE tenant_id=? AND user_id=? AND app_id=? AND name=?")
        .run(...this.part(), name).changes > 0
    );
  }
  /** True when a value is available for this user. */
  async isSet(name: string): Promise<boolean> {
    this.decl(name);
    return this.lookup(name) !== null;
  }
  /** Current values of every declared secret for this user (kernel-internal: used to redact logs). */
  valuesForRedaction(): string[] {
    const out: string[] = [];
    for (const name of this.declared.keys()) {
      const v = this.lookup(name);
      if (v && v.length >= 4) out.push(v);
    }
    return out;
  }

  /** Declared secret names with whether each is set (never values). */
  async list(): Promise<Array<{ name: string; description: string; isSet: boolean }>> {
    return [...this.declared.values()].map((d) => ({
      name: d.name,
      description: d.description ?? "",
      isSet: this.lookup(d.name) !== null,
    }));
  }
}
