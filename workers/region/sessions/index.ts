/** Release health: sessions counted at ingest, Sentry's sessions API, and the health of releases. */

export { type HealthOptions, healthKey, healthOptionsOf, releaseHealth, releasesWithHealthData } from "./health";
export { sessionItemHandlers } from "./ingest";
export { pruneProjectSessions, pruneSessions } from "./retention";
export { sessionRoutes } from "./routes";
