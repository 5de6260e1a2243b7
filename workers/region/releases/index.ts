/** Releases: versions, their projects, commits and deploys (sentry-cli releases …). */
export { releaseVersionSchema } from "./releases";
export { releaseRoutes } from "./routes";
