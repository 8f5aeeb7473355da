// Every node definition, in docs order. The `ui` builders, the run-time checks, docs/ui.md and the inspector's
// renderer tables all read this list.
import * as layout from "./layout.js";
import * as data from "./data.js";
import * as display from "./display.js";
import * as interactive from "./interactive.js";
import * as feedback from "./feedback.js";
import * as inputs from "./inputs.js";
import * as graph from "./graph.js";

export { layout, data, display, interactive, feedback, inputs, graph };
