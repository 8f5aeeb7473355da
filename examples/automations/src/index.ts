// Automations: the extension's entry point. Importing a module registers its functions, panels and handlers.
import "./listing.js";
import "./manage.js";
import "./state.js";
import "./bulk.js";
import "./skeleton.js";
import "./events.js";
import "./panels/sidebar.js";
import "./panels/workshop.js";

export { ext, chat } from "./app.js";
