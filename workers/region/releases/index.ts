/** Releases: versions, their projects, commits and deploys (sentry-cli releases …). */
export { releaseVersionSchema } from "../../lib/release-names";
export { releaseRoutes } from "./routes";
