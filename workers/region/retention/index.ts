/** Deleting what is past its retention, run by the minute cron. */
export { applyRetention } from "./retention";
