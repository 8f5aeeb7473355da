// Entry point bundled by `imperal build`: exports the extension; the import registers the chat functions.
export { ext, chat } from "./app.js";
import "./functions.js";
