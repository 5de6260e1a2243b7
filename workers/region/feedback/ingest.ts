/** User feedback from envelopes: legacy `user_report` items and new `feedback` items. */
import { userReports } from "../../../schema/region";
import { record, text } from "../../lib/json";
import { accepted, type ItemContext, type ItemHandlers, itemJson } from "../ingest";

function storeUserReport(
	ctx: ItemContext,
	report: { eventId: string; name?: string; email?: string; comments: string },
) {
	ctx.plan.run(
		ctx.db
			.insert(userReports)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				...report,
				name: report.name ?? "",
				email: report.email ?? "",
			})
			.onConflictDoNothing(),
	);
	accepted(ctx, "feedback");
}

export const feedbackItemHandlers: ItemHandlers = {
	user_report: (ctx, item) => {
		const report = itemJson(item);
		return storeUserReport(ctx, {
			eventId: text(report.event_id)?.replace(/-/g, "") ?? ctx.eventId,
			name: text(report.name),
			email: text(report.email),
			comments: text(report.comments) ?? "",
		});
	},
	feedback: (ctx, item) => {
		const feedback = record(record(itemJson(item).contexts).feedback);
		return storeUserReport(ctx, {
			eventId: text(feedback.associated_event_id)?.replace(/-/g, "") ?? ctx.eventId,
			name: text(feedback.name),
			email: text(feedback.contact_email),
			comments: text(feedback.message) ?? "",
		});
	},
};
