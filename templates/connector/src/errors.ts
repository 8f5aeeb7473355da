import { ActionResult } from "@imperal/sdk";
import type { ApiFailure } from "./client.js";

/**
 * One structured, user-readable error per failure kind. Codes are literals (V28) and stable: the assistant
 * and automations branch on them; `retryable` tells the kernel whether a retry can help.
 */
export function failureResult(f: ApiFailure, what: string): ActionResult<never> {
  switch (f.kind) {
    case "not_connected":
      return ActionResult.error("The tracker is not connected yet: add your API token in the extension settings.", {
        code: "NOT_CONNECTED",
      });
    case "auth":
      return ActionResult.error(
        "The tracker rejected the API token; it may have expired or lack access. Update it in the extension settings.",
        { code: "AUTH_FAILED" },
      );
    case "not_found":
      return ActionResult.error(`${what} was not found in the tracker.`, { code: "NOT_FOUND" });
    case "rate_limited":
      return ActionResult.error(
        `The tracker is rate limiting requests${f.retryAfterSeconds ? `; try again in ${f.retryAfterSeconds} s` : "; try again shortly"}.`,
        { code: "RATE_LIMITED", retryable: true },
      );
    case "upstream":
      return ActionResult.error(`The tracker answered with an error (HTTP ${f.status}).`, {
        code: "UPSTREAM_ERROR",
        retryable: f.status >= 500,
      });
    case "unreachable":
      return ActionResult.error("The tracker could not be reached; check the base URL or try again later.", {
        code: "UPSTREAM_UNREACHABLE",
        retryable: true,
      });
  }
}
