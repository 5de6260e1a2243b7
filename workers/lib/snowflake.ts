/**
 * Snowflake ids, as Sentry uses for organizations and projects: unique across regions because the
 * region's `snowflake_id` is part of the id. They fit in 53 bits so they stay exact as JS numbers
 * and JSON: 31 bits of seconds since 2024-01-01, 10 bits of region, 12 bits of sequence.
 */
const EPOCH_SECONDS = 1_704_067_200;
const REGION_BITS = 2 ** 10;
const SEQUENCE_BITS = 2 ** 12;

export interface SnowflakeParts {
	seconds: number;
	regionSnowflakeId: number;
	sequence: number;
}

export function composeSnowflake({ seconds, regionSnowflakeId, sequence }: SnowflakeParts): number {
	if (!Number.isInteger(regionSnowflakeId) || regionSnowflakeId < 0 || regionSnowflakeId >= REGION_BITS) {
		throw new RangeError(`region snowflake_id must be 0..${REGION_BITS - 1}`);
	}
	const sinceEpoch = seconds - EPOCH_SECONDS;
	return (sinceEpoch * REGION_BITS + regionSnowflakeId) * SEQUENCE_BITS + (sequence % SEQUENCE_BITS);
}

export function decomposeSnowflake(id: number): SnowflakeParts {
	const sequence = id % SEQUENCE_BITS;
	const rest = (id - sequence) / SEQUENCE_BITS;
	const regionSnowflakeId = rest % REGION_BITS;
	return { seconds: (rest - regionSnowflakeId) / REGION_BITS + EPOCH_SECONDS, regionSnowflakeId, sequence };
}

/** A new id for the given region; the sequence is random, and inserts retry on the rare clash. */
export function newSnowflake(regionSnowflakeId: number, now = Date.now()): number {
	const sequence = crypto.getRandomValues(new Uint16Array(1))[0] as number;
	return composeSnowflake({ seconds: Math.floor(now / 1000), regionSnowflakeId, sequence });
}
