// Entry point bundled by `imperal build`: exports the extension; the imports register functions, the skeleton
// (with its alert tool) and the panel. Registration only records into `ext`; it never does I/O.
export { ext, chat } from "./app.js";
import "./functions.js";
import "./skeleton.js";
import "./panel.js";
