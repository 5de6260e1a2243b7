/** Source map uploads (chunk upload, artifact bundles) and the JavaScript symbolication of ingested events. */
export { sourceMapRoutes } from "./routes";
export { type SourceFileIndex, SourceFilesUnavailable, sourceFileIndex } from "./store";
export { symbolicateEvent } from "./symbolicate";
