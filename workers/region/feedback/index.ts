/** User feedback: `user_report` and `feedback` items. */
export { feedbackItemHandlers } from "./ingest";
