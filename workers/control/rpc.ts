/** The control silo's side of cross-silo RPC: what a region may ask of control. */
import type { ControlDb } from "../lib/db";
import type { RpcImplementation } from "../lib/rpc/contract";
import type { ControlService } from "../lib/rpc/services";
import { applyOrganizationUpdate } from "./organizations";

export function controlRpcImplementation(db: ControlDb): RpcImplementation<ControlService> {
	return {
		async applyRegionOutbox({ category, payload }) {
			switch (category) {
				case "organization.update":
					await applyOrganizationUpdate(db, payload);
					return { ok: true };
				default:
					throw new Error(`unknown region outbox category "${category}"`);
			}
		},
	};
}
