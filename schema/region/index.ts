/** Tables of the region silo: one region's organizations and everything that belongs to them, one file per capability. */
import { siloTables } from "../silo-tables";
import * as alertsTables from "./alerts";
import * as attachmentsTables from "./attachments";
import * as cronsTables from "./crons";
import * as feedbackTables from "./feedback";
import * as ingestTables from "./ingest";
import * as issuesTables from "./issues";
import * as logsTables from "./logs";
import * as organizationsTables from "./organizations";
import * as projectsTables from "./projects";
import * as releasesTables from "./releases";
import * as replicationTables from "./replication";
import * as sessionsTables from "./sessions";
import * as sourcemapsTables from "./sourcemaps";
import * as tracesTables from "./traces";

export * from "./alerts";
export * from "./attachments";
export * from "./crons";
export * from "./feedback";
export * from "./ingest";
export * from "./issues";
export * from "./logs";
export * from "./organizations";
export * from "./projects";
export * from "./releases";
export * from "./replication";
export * from "./sessions";
export * from "./sourcemaps";
export * from "./traces";

export const regionSchema = siloTables("region", {
	...alertsTables,
	...attachmentsTables,
	...cronsTables,
	...feedbackTables,
	...ingestTables,
	...issuesTables,
	...logsTables,
	...organizationsTables,
	...projectsTables,
	...releasesTables,
	...replicationTables,
	...sessionsTables,
	...sourcemapsTables,
	...tracesTables,
});
