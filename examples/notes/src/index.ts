// Notes: the extension's entry point. Importing a module registers its functions, panels and skeleton.
import "./notes.js";
import "./browse.js";
import "./folders.js";
import "./bulk.js";
import "./trash.js";
import "./save.js";
import "./attachments.js";
import "./export.js";
import "./skeleton.js";
import "./panels/sidebar.js";
import "./panels/editor.js";

export { ext, chat } from "./app.js";
