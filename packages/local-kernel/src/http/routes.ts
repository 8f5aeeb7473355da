// The SPEC 4 route table, mapped onto the Kernel API (api.ts); server.ts serves it.
import type { Kernel } from "../api.js";
import { KernelError } from "../errors.js";
import { mayAdminister, type KernelUser } from "../users/users.js";
import { scheduleRoutes } from "../schedules/routes.js";
import type { RouteContext, RouteDef } from "./server.js";

function requireActing(c: RouteContext): string {
  if (!c.actingUser)
    throw new KernelError(
      "ACTING_USER_REQUIRED",
      "X-Acting-User header is required.",
      "Send X-Acting-User: <user id>.",
      400,
    );
  return c.actingUser;
}

async function objectBody(c: RouteContext, maxDepth?: number): Promise<Record<string, unknown>> {
  const b = await c.readJson(maxDepth === undefined ? {} : { maxDepth });
  if (b === undefined) return {};
  if (b === null || typeof b !== "object" || Array.isArray(b))
    throw new KernelError("BAD_REQUEST", "The body must be a JSON object.", 'Send e.g. {"args": {...}}.', 400);
  return b as Record<string, unknown>;
}

/** `{"k": v, ...}` of an object's first keys, nested objects shown as "...", at most 200 characters. */
function shallowPreview(o: Record<string, unknown>): string {
  const top = Object.entries(o)
    .slice(0, 8)
    .map(([k, v]) => [k, typeof v === "object" && v !== null ? "..." : v]);
  return JSON.stringify(Object.fromEntries(top)).slice(0, 200);
}

/** `X-Imperal-Origin: panel`: the call (or the accepted confirmation) came from a panel (SPEC 7.4 refresh rule). */
function fromPanel(c: RouteContext): boolean {
  return String(c.req.headers["x-imperal-origin"] ?? "").toLowerCase() === "panel";
}

/** Confirmation routes take no body and no query (I-CONFIRMATIONS-NO-BODY / I-AA-FU-7). */
async function noBody(c: RouteContext): Promise<void> {
  const te = c.req.headers["transfer-encoding"];
  const cl = Number(c.req.headers["content-length"] ?? "0");
  const raw = await c.rawBody();
  if (raw.length > 0 || cl > 0 || (te !== undefined && raw.length > 0)) {
    throw new KernelError(
      "BODY_NOT_ALLOWED",
      "Confirmation endpoints accept no body: the stored calls are executed as intercepted.",
      "Send the request with an empty body.",
      400,
    );
  }
  if ([...c.query.keys()].length > 0) {
    throw new KernelError(
      "QUERY_NOT_ALLOWED",
      "Confirmation endpoints accept no query parameters.",
      "Identify the user with X-Acting-User only.",
      400,
    );
  }
}

/**
 * The acting user of a per-user route (SPEC 10): `X-Acting-User`, or the kernel's default user (the first
 * configured one) when the header is absent — never "everyone". Unknown ids are 403 UNKNOWN_USER.
 */
function actingOrDefault(kernel: Kernel, c: RouteContext): KernelUser {
  const id = c.actingUser ?? kernel.internal.defaultUser();
  const u = kernel.internal.user(id);
  if (!u) {
    throw new KernelError(
      "UNKNOWN_USER",
      `Unknown user ${JSON.stringify(id)}.`,
      "Use one of the kernel's configured users (--user).",
      403,
    );
  }
  return u;
}

/** Every route of SPEC 4. */
export function kernelRoutes(kernel: Kernel): RouteDef[] {
  return [
    {
      method: "POST",
      pattern: "/v1/call/{tool}",
      handler: async (c) => {
        const user = requireActing(c);
        // Any depth: the dispatcher rejects args past 64 levels itself, iteratively and audited (SPEC 10).
        const body = await objectBody(c, Infinity);
        if (body.args === undefined && Object.keys(body).length > 0)
          throw new KernelError(
            "BAD_REQUEST",
            "The body must wrap the tool's arguments in `args`.",
            // A shallow preview: the body may nest arbitrarily deep, so it is never stringified whole.
            `Send {"args": ${shallowPreview(body)}}.`,
            400,
          );
        const args = body.args === undefined ? {} : body.args;
        if (args === null || typeof args !== "object" || Array.isArray(args))
          throw new KernelError("BAD_REQUEST", "`args` must be a JSON object.", 'Send {"args": {...}}.', 400);
        return { body: await kernel.call(user, c.params.tool!, args, { fromPanel: fromPanel(c) }) };
      },
    },
    {
      method: "POST",
      pattern: "/v1/confirmations/{id}/accept",
      handler: async (c) => {
        await noBody(c);
        const user = requireActing(c);
        return { body: await kernel.accept(user, c.params.id!, { fromPanel: fromPanel(c) }) };
      },
    },
    {
      method: "POST",
      pattern: "/v1/confirmations/{id}/cancel",
      handler: async (c) => {
        await noBody(c);
        const user = requireActing(c);
        return { body: await kernel.cancelConfirmation(user, c.params.id!) };
      },
    },
    {
      method: "POST",
      pattern: "/v1/calls/{id}/cancel",
      handler: async (c) => {
        const user = actingOrDefault(kernel, c).id;
        const id = Number(c.params.id);
        if (!Number.isInteger(id))
          throw new KernelError(
            "BAD_REQUEST",
            "Call id must be an integer.",
            "Use the call id from the event stream.",
            400,
          );
        if (!kernel.cancel(id, "Cancelled by the user.", user))
          throw new KernelError("CALL_NOT_RUNNING", `Call ${id} is not running.`, "It may have finished already.", 404);
        return { body: { id, status: "cancelling" } };
      },
    },
    { method: "GET", pattern: "/v1/tools", handler: async () => ({ body: kernel.tools() }) },
    {
      method: "POST",
      pattern: "/v1/panels/{panel_id}",
      handler: async (c) => {
        // Panels are rendered for X-Acting-User; without the header, for the kernel's first user (the developer).
        const user = c.actingUser ?? kernel.internal.defaultUser();
        const body = await objectBody(c, Infinity); // props depth: the dispatcher's audited check, as for calls
        const props = body.props === undefined ? {} : body.props;
        const turn = await kernel.panel(user, c.params.panel_id!, props);
        const ok = turn.calls[0]?.status === "succeeded";
        return {
          body: {
            panel_id: c.params.panel_id,
            outcome: turn.outcome,
            ...(ok ? { ui: turn.results[0] } : { code: turn.code, reply: turn.reply }),
            turn_id: turn.turn_id,
          },
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/audit",
      handler: async (c) => {
        const n = Number(c.query.get("limit") ?? "50");
        if (!Number.isFinite(n) || n < 1)
          throw new KernelError("BAD_REQUEST", "limit must be a positive integer.", "Use ?limit=50.", 400);
        const include = (c.query.get("include") ?? "").split(",");
        const opts = { includeSkeleton: include.includes("skeleton") };
        const limit = Math.min(1000, Math.floor(n));
        const user = actingOrDefault(kernel, c);
        if (c.actingUser !== undefined) {
          // That user's rows; the tenant check also drops rows written while the id had another tenant.
          const rows = kernel.audit(limit, user.id, opts).filter((r) => r.tenant_id === user.tenantId);
          return { body: { rows } };
        }
        // No header: the developer's view as the default user — the ledger of its tenant (every configured user of
        // that tenant), never another tenant's rows. Looks back over the newest 1000 rows.
        const inTenant = (r: { tenant_id: string; user_id: string }) =>
          r.tenant_id === user.tenantId && kernel.internal.user(r.user_id)?.tenantId === user.tenantId;
        return { body: { rows: kernel.audit(1000, undefined, opts).filter(inTenant).slice(0, limit) } };
      },
    },
    { method: "GET", pattern: "/v1/health", handler: async () => ({ body: await kernel.checkHealth() }) },
    // SPEC 7.1 per-user lifecycle: the user itself, or an admin of its tenant (users.ts mayAdminister).
    ...(["install", "uninstall", "enable", "disable"] as const).map((action) => ({
      method: "POST",
      pattern: `/v1/users/{id}/${action}`,
      handler: async (c: RouteContext) => {
        const actor = actingOrDefault(kernel, c);
        const target = kernel.internal.user(c.params.id!);
        if (!target)
          throw new KernelError(
            "UNKNOWN_USER",
            `Unknown user ${JSON.stringify(c.params.id)}.`,
            "Use one of the kernel's configured users (--user).",
            403,
          );
        if (!mayAdminister(actor, target))
          throw new KernelError(
            "WRONG_USER",
            `${actor.id} may not ${action} ${target.id}: only the user itself or an admin of its tenant may.`,
            "Send X-Acting-User: <the same user id> (or an admin of that user's tenant).",
            403,
          );
        return { body: { ok: true, ...(await kernel[action](target.id)) } };
      },
    })),
    {
      method: "POST",
      pattern: "/v1/chat/turn",
      handler: async (c) => {
        const user = requireActing(c);
        const body = await objectBody(c);
        if (typeof body.message !== "string" || body.message.trim() === "")
          throw new KernelError(
            "BAD_REQUEST",
            "`message` must be a non-empty string.",
            'Send {"message": "..."}.',
            400,
          );
        return { body: await kernel.turn(user, body.message) };
      },
    },
    {
      method: "GET",
      pattern: "/v1/events",
      handler: async (c) => {
        const user = actingOrDefault(kernel, c).id;
        const res = c.res;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          connection: "keep-alive",
        });
        res.write(": imperal local kernel event stream\n\n");
        const send = (e: { seq: number; type: string; userId?: string }) => {
          if (e.userId !== undefined && e.userId !== user) return;
          res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        };
        const off = kernel.onEvent(send);
        const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
        ping.unref();
        c.req.on("close", () => {
          off();
          clearInterval(ping);
        });
        return;
      },
    },
    {
      method: "GET",
      pattern: "/v1/skeleton",
      handler: async (c) => ({ body: kernel.skeleton(actingOrDefault(kernel, c).id) }),
    },
    {
      method: "POST",
      pattern: "/v1/skeleton/{section}/refresh",
      handler: async (c) => {
        const user = actingOrDefault(kernel, c).id;
        const b = await c.readJson();
        if (b !== undefined && (b === null || typeof b !== "object" || Array.isArray(b))) {
          throw new KernelError("BAD_REQUEST", "The body must be empty or a JSON object.", "Send no body.", 400);
        }
        return { body: await kernel.refreshSkeleton(user, c.params.section!) };
      },
    },
    {
      method: "GET",
      pattern: "/v1/fact-ledger",
      handler: async (c) => ({ body: kernel.factLedger(actingOrDefault(kernel, c).id) }),
    },
    ...scheduleRoutes(kernel),
  ];
}
