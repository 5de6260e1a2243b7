/** The organization events endpoint (Discover/Explore), dispatching by dataset to the capability that owns it. */
export { type DatasetHandler, discoverRoutes, type OrganizationAccess } from "./routes";
