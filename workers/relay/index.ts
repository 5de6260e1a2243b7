/** Entry of a relay worker: the edge in front of one region. */
import { relayApp } from "./app";
import type { RelayBindings } from "./env";

export default { fetch: relayApp.fetch } satisfies ExportedHandler<RelayBindings>;

export { QuotaCounter } from "../../durable-objects/quota-counter";
