/** Projects, their DSN keys, inbound filters and the project configs the relay reads from KV. */
export { projectAccess } from "./access";
export { loadProjectConfig, publishProjectConfigs } from "./configs";
export { ensureProject, ensureProjectKey } from "./projects";
export { projectRoutes } from "./routes";
