/** Performance data: transactions and spans. */
export { traceItemHandlers } from "./ingest";
