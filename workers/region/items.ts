/** Which capability stores which envelope item type: the ingest consumer's dispatch table. */
import { attachmentItemHandlers } from "./attachments";
import { cronItemHandlers } from "./crons";
import { feedbackItemHandlers } from "./feedback";
import { eventItemHandlers, type ItemHandlers } from "./ingest";
import { logItemHandlers } from "./logs";
import { sessionItemHandlers } from "./sessions";
import { traceItemHandlers } from "./traces";

export const itemHandlers: ItemHandlers = {
	...eventItemHandlers,
	...traceItemHandlers,
	...sessionItemHandlers,
	...attachmentItemHandlers,
	...feedbackItemHandlers,
	...cronItemHandlers,
	...logItemHandlers,
};
