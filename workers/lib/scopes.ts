/**
 * Sentry's API scopes and what each organization role grants. What a caller may do in an
 * organization is the intersection of its credentials' scopes (a token's, or all of them for a
 * login session) and its role's scopes, as in Sentry.
 */
export const ALL_SCOPES = [
	"org:read",
	"org:write",
	"org:admin",
	"member:read",
	"member:write",
	"member:admin",
	"team:read",
	"team:write",
	"team:admin",
	"project:read",
	"project:write",
	"project:admin",
	"project:releases",
	"event:read",
	"event:write",
	"event:admin",
	"alerts:read",
	"alerts:write",
] as const;
export type Scope = (typeof ALL_SCOPES)[number];

export const ROLES = ["owner", "member"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
	owner: ALL_SCOPES,
	member: [
		"event:read",
		"event:write",
		"event:admin",
		"project:read",
		"project:releases",
		"org:read",
		"member:read",
		"team:read",
		"alerts:read",
		"alerts:write",
	],
};

/** The scopes a caller holding `scopes` has in an organization where its role is `role`. */
export const effectiveScopes = (scopes: readonly string[], role: Role): string[] =>
	scopes.filter((scope) => (ROLE_SCOPES[role] as readonly string[]).includes(scope));

/** Every scope any of these roles grants. */
export const scopesOfRoles = (roles: readonly Role[]): Scope[] =>
	ALL_SCOPES.filter((scope) => roles.some((role) => ROLE_SCOPES[role].includes(scope)));
