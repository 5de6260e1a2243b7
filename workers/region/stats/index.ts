/** Outcome statistics (`stats_v2`) from the hourly outcome counters the ingest consumer keeps. */
export { statsRoutes } from "./routes";
