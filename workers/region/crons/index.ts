/** Cron monitors: check-ins from every ingest form, the clock, incidents as issues, and their Web API. */
export { runMonitorClock, tickMonitorClock } from "./clock";
export { cronItemHandlers } from "./ingest";
export { cronRoutes } from "./routes";
