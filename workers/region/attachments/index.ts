/** Event attachments: bytes in R2, rows in D1. */
export { attachmentItemHandlers } from "./ingest";
