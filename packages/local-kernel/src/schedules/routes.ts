// `GET /v1/schedules` and `POST /v1/schedules/{name}/run` (SPEC 7.3), behind the bearer token like every route.
import { KernelError } from "../errors.js";
import type { RouteDef } from "../http/server.js";
import type { ScheduleApi } from "./types.js";

/** The schedule routes, mapped onto the kernel's schedule API. */
export function scheduleRoutes(kernel: ScheduleApi): RouteDef[] {
  return [
    { method: "GET", pattern: "/v1/schedules", handler: async () => ({ body: { schedules: kernel.schedules() } }) },
    {
      method: "POST",
      pattern: "/v1/schedules/{name}/run",
      handler: async (c) => {
        // A schedule takes no arguments: a body would suggest it does, so it is refused rather than ignored.
        const body = await c.readJson();
        const empty = body === undefined || (isObject(body) && Object.keys(body).length === 0);
        if (!empty)
          throw new KernelError(
            "BODY_NOT_ALLOWED",
            "A schedule run takes no arguments: the handler gets the system context only.",
            "Send the request with an empty body (or {}).",
            400,
          );
        return { body: await kernel.runSchedule(c.params.name!) };
      },
    },
  ];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
