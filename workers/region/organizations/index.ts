/** Organizations of this region: provisioning from control, the API's access check, organization details. */
export { type Caller, hasAnyScope, organizationAccess, requireAnyScope, requireScope } from "./access";
export { provisionOrganization, updateOrganization } from "./organizations";
export { organizationRoutes } from "./routes";
