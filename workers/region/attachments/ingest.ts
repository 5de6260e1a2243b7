/** Attachment items: the bytes to R2, a row naming them. */
import { attachments } from "../../../schema/region";
import type { EnvelopeItem } from "../../lib/envelope";
import { text } from "../../lib/json";
import { quantityOfItem } from "../../lib/outcomes";
import { accepted, type ItemContext, type ItemHandlers } from "../ingest";

/** Stored once per event: a re-sent event id (dropped as a duplicate, like its event) never overwrites the bytes. */
function storeAttachment(ctx: ItemContext, item: EnvelopeItem, index: number) {
	if (ctx.eventStoredBefore) return;
	const name = (text(item.headers.filename) ?? "attachment").replace(/[^\w.-]/g, "_").slice(0, 100);
	const bodyKey = `${ctx.organizationId}/${ctx.projectId}/attachments/${ctx.eventId}/${index}-${name}`;
	ctx.plan.put(bodyKey, item.payload, text(item.headers.content_type) ?? "application/octet-stream");
	ctx.plan.run(
		ctx.db
			.insert(attachments)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				eventId: ctx.eventId,
				name,
				contentType: text(item.headers.content_type) ?? null,
				attachmentType: text(item.headers.attachment_type) ?? "event.attachment",
				size: item.payload.byteLength,
				bodyKey,
			})
			.onConflictDoNothing(),
	);
	accepted(ctx, "attachment", quantityOfItem("attachment", item.payload));
}

export const attachmentItemHandlers: ItemHandlers = { attachment: storeAttachment };
