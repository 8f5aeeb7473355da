// Web Tools: the extension's entry point. Importing a module registers its functions, panels and handlers.
import "./monitoring.js";
import "./monitors.js";
import "./scans.js";
import "./diagnostics.js";
import "./skeleton.js";
import "./schedule.js";
import "./panels/sidebar.js";
import "./panels/overview.js";
import "./panels/detail.js";
import "./panels/setup.js";

export { ext, chat } from "./app.js";
