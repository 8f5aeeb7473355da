import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type http from "node:http";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { InspectorHttpCode } from "../errors.js";
import { refusal } from "./guard.js";

/** The inspector's content security policy: everything from this origin only, no inline script or style. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};

/** A configured user as the inspector's user switcher lists it. */
export interface InspectorUser {
  id: string;
  tenantId?: string;
  scopes?: string[];
}

/** What the inspector needs from the dev session. */
export interface InspectorOptions {
  /** The session's bearer token (the inspector's own API route answers only to it). */
  token(): string;
  /** The configured users, first = the default acting user. */
  users(): InspectorUser[];
  /** Where the built app lives (default: dist/inspector beside this module). */
  assetsDir?: string;
}

/** The inspector's hook into the dev front. */
export interface Inspector {
  /** True when the inspector answers this request itself (an asset, its users route, or a refusal). */
  handles(req: http.IncomingMessage): boolean;
  /** Answer a request `handles` accepted. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): void;
}

/** The URL `imperal dev` prints: the token travels in the fragment, which browsers never send to the server. */
export function inspectorUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/#token=${encodeURIComponent(token)}`;
}

/** Answer with the kernel's error shape `{ error: { code, message, fix? } }`. */
function sendError(res: http.ServerResponse, status: number, code: InspectorHttpCode, message: string, fix?: string) {
  const text = JSON.stringify({ error: { code, message, ...(fix ? { fix } : {}) } });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

/** Create the inspector: static assets with CSP, the Host/Origin guard for every request, `GET /v1/dev/users`. */
export function createInspector(opts: InspectorOptions): Inspector {
  const dir = opts.assetsDir ?? path.dirname(fileURLToPath(import.meta.url));
  const cache = new Map<string, { body: Buffer; etag: string }>();
  const load = (file: string) => {
    let hit = cache.get(file);
    if (!hit) {
      const p = path.join(dir, file);
      if (!existsSync(p)) return undefined;
      const body = readFileSync(p);
      hit = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
      cache.set(file, hit);
    }
    return hit;
  };
  const route = (req: http.IncomingMessage) => (req.url ?? "/").split("?")[0]!;
  const port = (req: http.IncomingMessage) => req.socket.localPort ?? 0;
  return {
    handles(req) {
      if (refusal(req, port(req))) return true;
      const r = route(req);
      return (
        (req.method === "GET" || req.method === "HEAD") &&
        (r in ASSETS || r === "/favicon.ico" || r === "/v1/dev/users")
      );
    },
    serve(req, res) {
      req.resume();
      const refused = refusal(req, port(req));
      if (refused)
        return sendError(
          res,
          403,
          refused.code,
          refused.message,
          "open the inspector at the URL `imperal dev` printed",
        );
      const r = route(req);
      if (r === "/favicon.ico") return void res.writeHead(204, { "cache-control": "max-age=86400" }).end();
      if (r === "/v1/dev/users") {
        if (req.headers.authorization !== `Bearer ${opts.token()}`)
          return sendError(
            res,
            401,
            "UNAUTHORIZED",
            "missing or wrong bearer token",
            "send Authorization: Bearer <token>",
          );
        const text = JSON.stringify({ users: opts.users() });
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
        return void res.end(text);
      }
      const asset = ASSETS[r]!;
      const hit = load(asset.file);
      if (!hit)
        return sendError(res, 404, "NOT_BUILT", `the inspector app is not built (${asset.file})`, "run `pnpm build`");
      const headers = {
        "content-type": asset.type,
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "cross-origin-resource-policy": "same-origin",
        // The page is tiny and changes with every CLI build: always revalidate (ETag), never serve a stale app.
        "cache-control": "no-cache",
        etag: hit.etag,
      };
      if (req.headers["if-none-match"] === hit.etag) return void res.writeHead(304, headers).end();
      res.writeHead(200, { ...headers, "content-length": hit.body.length });
      res.end(req.method === "HEAD" ? undefined : hit.body);
    },
  };
}
