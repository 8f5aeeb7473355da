// Starts the HTTP API of a kernel (one extension's, or a group's) on 127.0.0.1 with the SPEC 4 routes.
import type { Kernel } from "../api.js";
import { KernelError } from "../errors.js";
import { connectionLimits, type KernelLimits } from "../limits.js";
import type { KernelLog } from "../log.js";
import { kernelRoutes } from "./routes.js";
import { startHttpServer, type HttpServerHandle } from "./server.js";
import { webhookRoute, type WebhookTarget } from "../webhooks/route.js";

/** Options of {@link listen}. */
export interface ListenOptions {
  kernel: Kernel;
  /** 0 = any free port. */
  port: number;
  limits: KernelLimits;
  log: KernelLog;
  /** The extension a webhook is for (default: the kernel's own, `kernel.internal.webhooks`). */
  webhooks?: (appId: string) => WebhookTarget | undefined;
}

/** Serves `kernel` over HTTP; closes it and throws PORT_IN_USE / LISTEN_FAILED when the port cannot be bound. */
export async function listen(o: ListenOptions): Promise<HttpServerHandle> {
  try {
    return await startHttpServer({
      port: o.port,
      token: o.kernel.token,
      maxBodyBytes: o.limits.maxBodyBytes,
      connections: connectionLimits(o.limits),
      log: o.log,
      routes: [
        ...kernelRoutes(o.kernel),
        webhookRoute({
          target:
            o.webhooks ??
            ((appId) => (o.kernel.internal.info()?.appId === appId ? o.kernel.internal.webhooks : undefined)),
          timeoutMs: o.limits.callTimeoutMs,
        }),
      ],
    });
  } catch (e) {
    await o.kernel.close();
    const err = e as NodeJS.ErrnoException;
    const code = err.code === "EADDRINUSE" ? "PORT_IN_USE" : "LISTEN_FAILED";
    throw new KernelError(
      code,
      `Cannot listen on 127.0.0.1:${o.port}: ${err.message}`,
      "Pick another port (0 = any free port).",
      500,
    );
  }
}
