import type http from "node:http";

/** Why a request is refused before anything else runs: a foreign `Host` (DNS rebinding) or a foreign `Origin`. */
export type Refusal = { code: "FORBIDDEN_HOST" | "FORBIDDEN_ORIGIN"; message: string };

/** The hosts the dev front answers to on `port`: the loopback address and `localhost`, nothing else. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Check `Host` and `Origin` of a request that arrived on `port`. A missing Origin is fine (same-origin GETs,
 * curl, the REPL); a present one must be this very origin. Returns undefined when the request may go on.
 */
export function refusal(req: http.IncomingMessage, port: number): Refusal | undefined {
  const hosts = allowedHosts(port);
  const host = (req.headers.host ?? "").toLowerCase();
  if (!hosts.includes(host))
    return { code: "FORBIDDEN_HOST", message: `Host ${JSON.stringify(host)} is not ${hosts.join(" or ")}` };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`))
    return { code: "FORBIDDEN_ORIGIN", message: `Origin ${JSON.stringify(origin)} is not this inspector's origin` };
  return undefined;
}
