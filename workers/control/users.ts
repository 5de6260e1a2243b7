/** Users of the control silo. E-mail addresses are stored lower-cased; passwords only as PBKDF2 hashes. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { controlOutbox, users } from "../../schema/control";
import { hashPassword } from "../lib/crypto";
import type { ControlDb } from "../lib/db";
import { ApiError, notFound } from "../lib/errors";
import { regionsHoldingTokensOf, userStateRows } from "./replication";

export const NewUserSchema = z.object({
	email: z.email().transform((email) => email.toLowerCase()),
	password: z.string().min(8, "must be at least 8 characters"),
	name: z.string().default(""),
	isSuperuser: z.boolean().default(false),
});

export async function createUser(db: ControlDb, input: z.input<typeof NewUserSchema>) {
	const { email, password, name, isSuperuser } = NewUserSchema.parse(input);
	const [row] = await db
		.insert(users)
		.values({ email, name, isSuperuser, passwordHash: await hashPassword(password) })
		.onConflictDoNothing({ target: users.email })
		.returning();
	if (!row) throw new ApiError(409, "A user with this email already exists");
	return row;
}

export function findUserByEmail(db: ControlDb, email: string) {
	return db.query.users.findFirst({ where: eq(users.email, email.toLowerCase()) });
}

/**
 * Deactivates (or reactivates) an account. Its sessions and tokens stop working in control at once,
 * and on direct region calls in every region that holds its tokens once `user.update` is delivered.
 */
export async function setUserActive(db: ControlDb, userId: number, isActive: boolean) {
	const regions = await regionsHoldingTokensOf(db, userId);
	const [updated] = await db.batch([
		db.update(users).set({ isActive }).where(eq(users.id, userId)).returning(),
		...userStateRows({ id: userId, isActive }, regions).map((row) => db.insert(controlOutbox).values(row)),
	]);
	if (!updated[0]) throw notFound("No such user");
	return updated[0];
}
