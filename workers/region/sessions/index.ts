/** Release health: sessions counted at ingest, Sentry's sessions API, and the health of releases. */
export { sessionItemHandlers } from "./ingest";
export { pruneProjectSessions, pruneSessions } from "./retention";
export { sessionRoutes } from "./routes";
