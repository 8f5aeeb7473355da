// Events this extension listens to.
import { ext } from "./app.js";

// The platform's automation engine publishes this when a rule fires; the original only logs it.
ext.onEvent("automation.triggered", (ctx, event) => {
  const data = (event.data ?? {}) as { rule_id?: unknown; id?: unknown };
  ctx.log(`automation.triggered: rule #${String(data.rule_id ?? data.id ?? "?")}`, "info");
});
