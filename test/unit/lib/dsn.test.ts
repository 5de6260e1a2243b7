import { describe, it } from "vitest";
import { buildDsn, regionOfIngestHost } from "../../../workers/lib/dsn";

const parts = { publicKey: "a".repeat(32), projectId: 42, organizationId: 7, regionName: "de" };

describe("buildDsn", () => {
	it("names organization and region in the host on a real domain", ({ expect }) => {
		expect(buildDsn({ ...parts, publicUrl: new URL("https://faultline.example") })).toBe(
			`https://${"a".repeat(32)}@o7.ingest.de.faultline.example/42`,
		);
	});

	it("uses the public URL as it is on localhost and IP addresses", ({ expect }) => {
		expect(buildDsn({ ...parts, publicUrl: new URL("http://127.0.0.1:8787") })).toBe(
			`http://${"a".repeat(32)}@127.0.0.1:8787/42`,
		);
		expect(buildDsn({ ...parts, publicUrl: new URL("http://localhost:9000") })).toBe(
			`http://${"a".repeat(32)}@localhost:9000/42`,
		);
	});
});

describe("regionOfIngestHost", () => {
	it("reads the region from o<org>.ingest.<region>.<domain>", ({ expect }) => {
		expect(regionOfIngestHost("o7.ingest.de.faultline.example", "faultline.example")).toBe("de");
		expect(regionOfIngestHost("O7.INGEST.DE.faultline.example:443", "faultline.example")).toBe("de");
	});

	it("finds no region in legacy and foreign hosts", ({ expect }) => {
		expect(regionOfIngestHost("o7.ingest.faultline.example", "faultline.example")).toBeUndefined();
		expect(regionOfIngestHost("faultline.example", "faultline.example")).toBeUndefined();
		expect(regionOfIngestHost("127.0.0.1:8787", "faultline.example")).toBeUndefined();
		expect(regionOfIngestHost("o7.ingest.de.evil.example", "faultline.example")).toBeUndefined();
		expect(regionOfIngestHost("x.o7.ingest.de.faultline.example", "faultline.example")).toBeUndefined();
	});
});
