import type { D1Migration } from "cloudflare:test";
import type { MonolithBindings } from "../workers/monolith/rpc";

declare global {
	namespace Cloudflare {
		interface GlobalProps {
			mainModule: typeof import("../workers/monolith");
		}
		interface Env extends MonolithBindings {
			CONTROL_MIGRATIONS: D1Migration[];
			REGION_MIGRATIONS: D1Migration[];
			TEST_RPC_SHARED_SECRET: string;
			TEST_RELAY_RPC_SECRET: string;
		}
	}
}

declare module "vitest" {
	export interface ProvidedContext {
		/** Base URL of the Node webhook receiver (scripts/lib/webhook-receiver.ts). */
		webhookReceiver: string;
	}
}
