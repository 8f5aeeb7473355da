import { ImperalError, SecretNotDeclared, ValidationError, SDK_ERROR_CODES } from "../errors/index.js";
import type { SecretDeclaration } from "../registry/types.js";
import type { SecretsClient, SecretStatus } from "../context/types.js";

/** Shared secret vault; clients are partitioned per (tenant, user, app) and only accept declared names. */
export class MemorySecretsBackend {
  private readonly parts = new Map<string, Map<string, string>>();

  /** Seeds a value as if the user had entered it in settings (bypasses writeMode, still checks declaration). */
  seed(scope: { tenantId: string; userId: string; appId: string }, name: string, value: string): void {
    this.part(scope).set(name, value);
  }

  private part(scope: { tenantId: string; userId: string; appId: string }): Map<string, string> {
    const k = JSON.stringify([scope.tenantId, scope.userId, scope.appId]);
    let p = this.parts.get(k);
    if (!p) {
      p = new Map();
      this.parts.set(k, p);
    }
    return p;
  }

  /** A `ctx.secrets` client for one (tenant, user, extension) with the extension's declarations. */
  client(
    scope: { tenantId: string; userId: string; appId: string },
    declared: readonly SecretDeclaration[],
  ): SecretsClient {
    const values = this.part(scope);
    const decl = (name: unknown): SecretDeclaration => {
      const d = declared.find((s) => s.name === name);
      if (!d) throw new SecretNotDeclared(String(name));
      return d;
    };
    const writable = (d: SecretDeclaration, op: string): void => {
      if (d.writeMode === "user") {
        throw new ImperalError(
          SDK_ERROR_CODES.SECRET_READ_ONLY,
          `Secret "${d.name}" is written by the user (writeMode "user"); the extension cannot ${op} it.`,
          `Declare it with writeMode: "extension" or "both" if the extension must ${op} it.`,
        );
      }
    };
    return {
      async get(name) {
        decl(name);
        return values.get(name) ?? null;
      },
      async set(name, value) {
        const d = decl(name);
        writable(d, "set");
        if (typeof value !== "string") {
          throw new ValidationError(`Secret "${name}" must be a string.`, {
            code: SDK_ERROR_CODES.SECRET_INVALID_VALUE,
            fix: "Serialize the value to a string first.",
          });
        }
        const bytes = Buffer.byteLength(value, "utf8");
        if (bytes > d.maxBytes) {
          throw new ValidationError(`Secret "${name}" is ${bytes} bytes; maxBytes is ${d.maxBytes}.`, {
            code: SDK_ERROR_CODES.SECRET_TOO_LARGE,
            fix: "Raise maxBytes in ext.secret(...) (up to 65536) or store less.",
          });
        }
        values.set(name, value);
      },
      async delete(name) {
        const d = decl(name);
        writable(d, "delete");
        return values.delete(name);
      },
      async isSet(name) {
        decl(name);
        return values.has(name);
      },
      async list(): Promise<SecretStatus[]> {
        return declared.map((d) => ({ name: d.name, description: d.description, isSet: values.has(d.name) }));
      },
    };
  }
}
