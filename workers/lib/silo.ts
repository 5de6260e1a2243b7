/**
 * Silo modes, after Sentry's multi-region design: CONTROL holds global data (users, tokens,
 * organization → region mapping), REGION holds one region's organizations and everything in them,
 * MONOLITH is both in one worker. Every table, route and queue consumer names the silo it belongs
 * to; touching it from a worker in the wrong mode throws `SiloLimitViolation`.
 */
export const SILO_MODES = ["CONTROL", "REGION", "MONOLITH"] as const;
/** NONE is the relay's: it serves a region at the edge but may touch neither silo's data. */
export type SiloMode = (typeof SILO_MODES)[number] | "NONE";

/** The silo a resource belongs to. */
export type Silo = "control" | "region";

export class SiloLimitViolation extends Error {
	override readonly name = "SiloLimitViolation";
	constructor(
		readonly mode: SiloMode,
		readonly silo: Silo,
		readonly resource: string,
	) {
		super(`${resource} belongs to the ${silo} silo and cannot be used in ${mode} mode`);
	}
}

export function siloAllows(mode: SiloMode, silo: Silo): boolean {
	return mode === "MONOLITH" || mode.toLowerCase() === silo;
}

export function assertSilo(mode: SiloMode, silo: Silo, resource: string): void {
	if (!siloAllows(mode, silo)) throw new SiloLimitViolation(mode, silo, resource);
}
