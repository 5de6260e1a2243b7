/**
 * Issue alerts: rules and their API, the `postprocess-<region>` consumer that evaluates them, and the
 * `alerts-<region>` jobs that deliver webhooks and e-mails.
 */
export { consumeAlertJobs } from "./jobs";
export { consumePostProcessBatch, postProcessMessagesFor, sendAll } from "./post-process";
export { ruleRoutes } from "./routes";
export { INTERVALS } from "./rules";
