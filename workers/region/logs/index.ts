/** Logs: `log` items, their storage (D1 rows, R2 segments), search and the logs API (docs/logs.md). */
export { logsStorageOf } from "./config";
export { logItemHandlers } from "./ingest";
export { applyLogRetention } from "./retention";
export { logRoutes, logsDataset } from "./routes";
