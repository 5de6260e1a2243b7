/** The region's copies of control-silo tokens and memberships, kept current through the control outbox. */
export {
	applyReplica,
	replicatedMemberByEmail,
	replicatedMembers,
	replicatedRole,
	replicatedToken,
} from "./replicas";
