import net from "node:net";
import { CliError, EXIT } from "../errors.js";

/** Resolve when `port` can be bound on `host`, false when it is taken. */
export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** The first free port at or after `preferred` (up to `tries` ports); 0 asks the OS for any free port. */
export async function pickPort(preferred: number, host = "127.0.0.1", tries = 50): Promise<number> {
  if (preferred === 0) return 0;
  for (let p = preferred; p < preferred + tries && p <= 65535; p++) {
    if (await portIsFree(p, host)) return p;
  }
  throw new CliError(
    "E_NO_FREE_PORT",
    `no free port in ${preferred}..${preferred + tries - 1}`,
    undefined,
    EXIT.INTERNAL,
  );
}
