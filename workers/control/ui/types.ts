/** The Web API answers the pages read, as far as the pages use them. */
type Json = unknown;

export interface Organization {
	slug: string;
	name: string;
	/** The caller's scopes in the organization (its details only). */
	access?: string[];
}
export interface Project {
	slug: string;
	name: string;
	platform: string | null;
}
export interface Issue {
	id: string;
	shortId: string;
	title: string;
	culprit: string | null;
	level: string;
	status: string;
	count: string;
	userCount: number;
	firstSeen: string;
	lastSeen: string;
	project: { slug: string };
}
export interface ProjectKey {
	id: string;
	label: string;
	isActive: boolean;
	dsn: { public: string };
	dateCreated: string;
}
export interface Rule {
	id: string;
	name: string;
	actionMatch: string;
	frequency: number;
	conditions: { name: string }[];
	actions: { name: string }[];
}
export interface Member {
	id: string;
	email: string;
	name: string;
	role: string;
	roleName: string;
	pending: boolean;
	expired: boolean;
	inviterName: string | null;
	/** Only in the answer that made or renewed an invitation. */
	invite_link?: string;
}
export interface InviteDetails {
	orgSlug: string;
	needsAuthentication: boolean;
	existingMember: boolean;
}
export interface Event {
	eventID: string;
	title: string;
	message: string;
	level: string;
	dateCreated: string;
	platform: string | null;
	entries: { type: string; data: Json }[];
	tags: { key: string; value: string }[];
	contexts: Record<string, Json>;
	user: Record<string, Json> | null;
	release: { version: string } | null;
	environment: string | null;
	/** Problems met while processing the event (e.g. a frame no source map could map), as Sentry's `errors`. */
	errors?: Json[];
}
