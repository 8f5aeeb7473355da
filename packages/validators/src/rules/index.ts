import type { Rule } from "../engine/rule.js";
import V13 from "./V13-skeleton-slot-names.js";
import V14 from "./V14-manifest-conformance.js";
import V15 from "./V15-display-name-description.js";
import V16 from "./V16-icon-resolves.js";
import V17 from "./V17-params-module-scope.js";
import V18 from "./V18-no-forward-references.js";
import V19 from "./V19-function-description.js";
import V20 from "./V20-action-type.js";
import V21 from "./V21-icon-svg.js";
import V22 from "./V22-no-console-in-handlers.js";
import V23 from "./V23-read-data-model.js";
import V24 from "./V24-no-skeleton-in-handlers.js";
import V25 from "./V25-actions-explicit.js";
import V26 from "./V26-names.js";
import V27 from "./V27-capabilities.js";
import V28 from "./V28-error-code.js";
import V29 from "./V29-cache-usage.js";
import V30 from "./V30-panel-slot-refresh.js";
import V31 from "./V31-system-reserved.js";
import V32 from "./V32-ui-call-targets.js";
import V33 from "./V33-event-types.js";
import V34 from "./V34-schedules.js";
import V35 from "./V35-cross-extension-calls.js";
import V36 from "./V36-system-only-context.js";
import V37 from "./V37-credential-params.js";
import SKEL1 from "./SKEL-GUARD-1-skeleton-get-outside-skeleton.js";
import SKEL2 from "./SKEL-GUARD-2-skeleton-data-removed.js";
import SKEL3 from "./SKEL-GUARD-3-skeleton-write-removed.js";
import MS1 from "./MANIFEST-SKELETON-1-tool-named-skeleton-refresh.js";
import PARSE from "./PARSE.js";
import CANNOT_VERIFY from "./CANNOT-VERIFY.js";

/** Every rule of SPEC 2 and 7.11, in table order, then CANNOT-VERIFY (SPEC 7.11). */
export const rules: readonly Rule[] = [
  V13,
  V14,
  V15,
  V16,
  V17,
  V18,
  V19,
  V20,
  V21,
  V22,
  V23,
  V24,
  V25,
  V26,
  V27,
  V28,
  V29,
  V30,
  V31,
  V32,
  V33,
  V34,
  V35,
  V36,
  V37,
  SKEL1,
  SKEL2,
  SKEL3,
  MS1,
  PARSE,
  CANNOT_VERIFY,
];
