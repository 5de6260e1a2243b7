/** Issues (groups) and their events: search, the issue and event routes, Sentry's JSON shapes. */
export { issueRoutes } from "./routes";
