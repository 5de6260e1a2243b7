/** The Web API answers the pages read, as far as the pages use them. */
type Json = unknown;

export interface Organization {
	slug: string;
	name: string;
	/** The caller's scopes in the organization (its details only). */
	access?: string[];
}
export interface Project {
	id: string;
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
	firstRelease: { version: string } | null;
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
export interface HealthData {
	crashFreeSessions: number | null;
	crashFreeUsers: number | null;
	sessionsAdoption: number | null;
	totalSessions: number | null;
	hasHealthData: boolean;
	stats: Record<string, [number, number][]>;
}
export interface ReleaseWithHealth {
	version: string;
	dateCreated: string;
	newGroups: number;
	projects: { slug: string; newGroups: number; healthData?: HealthData | null }[];
}
export interface SessionsAnswer {
	intervals: string[];
	groups: { by: Record<string, Json>; totals: Record<string, number | null>; series: Record<string, number[]> }[];
}
export interface MonitorEnvironment {
	name: string;
	status: string;
	isMuted: boolean;
	lastCheckIn: string | null;
	nextCheckIn: string | null;
	nextCheckInLatest: string | null;
	activeIncident: { startingTimestamp: string; issueId: string | null } | null;
}
export interface Monitor {
	id: string;
	name: string;
	slug: string;
	status: string;
	isMuted: boolean;
	config: {
		schedule_type: string;
		schedule: string | [number, string];
		checkin_margin: number | null;
		max_runtime: number | null;
		timezone: string;
		failure_issue_threshold: number | null;
		recovery_threshold: number | null;
	};
	project: { slug: string; name: string };
	environments: MonitorEnvironment[];
}
export interface MonitorCheckIn {
	id: string;
	environment: string;
	status: string;
	duration: number | null;
	dateCreated: string;
	expectedTime: string | null;
}
export interface ProcessingError {
	id: string;
	checkin: { ts: string; payload: Record<string, Json> };
	errors: Record<string, Json>[];
}
