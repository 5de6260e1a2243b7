/** The region's copies of control-silo tokens and memberships, kept current through the control outbox. */
export { applyReplica, replicatedRole, replicatedToken } from "./replicas";
