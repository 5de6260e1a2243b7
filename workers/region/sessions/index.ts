/** Release health: session counts per release. */
export { sessionItemHandlers } from "./ingest";
