// Entry point bundled by `imperal build`: exports the extension; the imports register functions, the skeleton
// and the panels (registration only records into `ext`, it never does I/O).
export { ext, chat } from "./app.js";
import "./functions.js";
import "./skeleton.js";
import "./panels.js";
