/**
 * Every regular expression in the workers is linear in its input: a DSN is public, so any string an
 * event carries may be built to make a backtracking regex take quadratic or exponential time (one
 * such event once held workerd at 95 % CPU for seven minutes). Each literal in workers/ and
 * durable-objects/ is found in the source and given to recheck, a ReDoS checker: it proves the
 * complexity on the regex's automaton or, where it cannot, fuzzes it with generated adversarial
 * strings, counting matcher steps (not time). Patterns built at run time would escape this check,
 * so there are none.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { check } from "recheck";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler";

interface Found {
	file: string;
	line: number;
	source: string;
	flags: string;
}

const sourceFiles = () =>
	execFileSync("git", ["ls-files", "workers/**/*.ts", "workers/**/*.tsx", "durable-objects/*.ts"], {
		cwd: ROOT,
		encoding: "utf8",
	})
		.split("\n")
		.filter(Boolean);

function regexesIn(file: string): { literals: Found[]; constructed: string[] } {
	const tree = ts.createSourceFile(file, readFileSync(`${ROOT}${file}`, "utf8"), ts.ScriptTarget.Latest, true);
	const literals: Found[] = [];
	const constructed: string[] = [];
	const visit = (node: ts.Node) => {
		const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
		if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
			const text = node.getText();
			const end = text.lastIndexOf("/");
			literals.push({ file, line, source: text.slice(1, end), flags: text.slice(end + 1) });
		} else if (
			(ts.isNewExpression(node) || ts.isCallExpression(node)) &&
			ts.isIdentifier(node.expression) &&
			node.expression.text === "RegExp"
		) {
			constructed.push(`${file}:${line}`);
		}
		ts.forEachChild(node, visit);
	};
	visit(tree);
	return { literals, constructed };
}

const found = sourceFiles().map(regexesIn);
const literals = found.flatMap((entry) => entry.literals);

describe("regular expressions in the workers", () => {
	it("are all literals (a pattern built at run time cannot be checked)", () => {
		expect(found.flatMap((entry) => entry.constructed)).toEqual([]);
		expect(literals.length).toBeGreaterThan(50);
	});

	// recheck's analysis of a long alternation can take seconds on a busy machine: "unknown" is no verdict.
	it("are all linear in their input, by recheck's analysis and adversarial fuzzing", { timeout: 600_000 }, async () => {
		const vulnerable: string[] = [];
		for (const regex of literals) {
			// `d` (match indices) changes what a match reports, not how it matches; recheck does not take it.
			const flags = regex.flags.replace("d", "");
			const diagnostics = await check(regex.source, flags, { timeout: 60_000, randomSeed: 13 });
			if (diagnostics.status !== "safe") {
				const attack = diagnostics.status === "vulnerable" ? ` (attack: ${diagnostics.attack.pattern})` : "";
				vulnerable.push(`${regex.file}:${regex.line} /${regex.source}/${regex.flags}: ${diagnostics.status}${attack}`);
			}
		}
		expect(vulnerable).toEqual([]);
	});
});
