/**
 * The region worker's layout rule: one folder per capability, and code outside a capability (another
 * capability, the worker's entry files, other workers) reaches it only through its index.ts.
 * Tests may reach into a capability's internals.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/lib/wrangler";

const REGION = "workers/region";

function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
		const file = `${dir}/${name}`;
		if (statSync(path.join(ROOT, file)).isDirectory()) return sourceFiles(file);
		return /\.tsx?$/.test(name) ? [file] : [];
	});
}

const capabilityOf = (file: string) => /^workers\/region\/([^/]+)\//.exec(file)?.[1];

/** Every relative import of `file`, as a path from the repository root without extension. */
function importsOf(file: string): string[] {
	const source = readFileSync(path.join(ROOT, file), "utf8");
	return [...source.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)].map(([, spec]) =>
		path.posix.normalize(path.posix.join(path.posix.dirname(file), spec as string)).replace(/\.tsx?$/, ""),
	);
}

// Dot folders are tools' (wrangler's .wrangler/tmp, left by `npm run deploy:check`), not capabilities.
const capabilities = readdirSync(path.join(ROOT, REGION)).filter(
	(name) => !name.startsWith(".") && statSync(path.join(ROOT, REGION, name)).isDirectory(),
);

describe("the region worker's layout", () => {
	it("gives every capability folder an index.ts", () => {
		const missing = capabilities.filter((name) => {
			try {
				return !statSync(path.join(ROOT, REGION, name, "index.ts")).isFile();
			} catch {
				return true;
			}
		});
		expect(missing).toEqual([]);
	});

	it("reaches another capability only through its index", () => {
		const violations = sourceFiles("workers").flatMap((file) =>
			importsOf(file)
				.filter((target) => {
					const targetCapability = capabilityOf(`${target}/`.replace(/\/index\/$/, "/"));
					if (!targetCapability || targetCapability === capabilityOf(file)) return false;
					return target !== `${REGION}/${targetCapability}` && target !== `${REGION}/${targetCapability}/index`;
				})
				.map((target) => `${file} imports ${target}`),
		);
		expect(violations).toEqual([]);
	});
});
