/** Cron monitors and their check-ins. */
export { cronItemHandlers } from "./ingest";
