/**
 * What symbolication reads from a minified file, each in one linear pass: where its functions are
 * declared (to name a frame's function) and its `sourceMappingURL` comment.
 */
import { originalPositionFor, sourceContentFor, type TraceMap } from "@jridgewell/trace-mapping";

/**
 * Where functions are declared in a minified file: `function r(`, `r=function`, `r=(…)=>`, `r=a=>`
 * and methods `r(…){`, by name, in order. One pass over the file, kept per file, so each frame's
 * lookup is O(1). Each name is read from where it starts (never from inside a longer name) and a
 * parameter list up to its first parenthesis, which keeps the pattern linear.
 */
const DECLARATION =
	/(?:^|[^\w$])function\b\s*(?:\*\s*)?([\w$]+)\s*\(|(?:^|[^\w$])([\w$]+)\s*=\s*(?:async\s*)?(?:function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)|[{,;}\s]([\w$]+)\s*\([^()]*\)\s*\{/dg;
export type Declarations = Map<string, { line: number; column: number }[]>;

export function declarationsIn(minified: string): Declarations {
	const declarations: Declarations = new Map();
	for (const [lineIndex, lineText] of minified.split("\n").entries()) {
		for (const match of lineText.matchAll(DECLARATION)) {
			const group = [1, 2, 3].find((index) => match[index] !== undefined);
			const start = group === undefined ? undefined : match.indices?.[group]?.[0];
			if (group === undefined || start === undefined) continue;
			const name = match[group] as string;
			const positions = declarations.get(name) ?? [];
			positions.push({ line: lineIndex + 1, column: start });
			declarations.set(name, positions);
		}
	}
	return declarations;
}

/**
 * The original name of the function a frame is in. Stack traces name minified functions (`r`, or
 * `Object.r`); the name's declaration in the minified source maps back to the original identifier.
 */
export function originalFunctionName(map: TraceMap, declarations: Declarations, minifiedName: string | undefined) {
	const name = minifiedName?.split(".").pop();
	if (!name) return undefined;
	for (const position of declarations.get(name) ?? []) {
		const original = originalPositionFor(map, position);
		if (original.name) return original.name;
		if (original.source && original.line !== null) {
			const sourceLine = sourceContentFor(map, original.source)?.split(/\r?\n/)[original.line - 1];
			const word = sourceLine?.slice(original.column ?? 0).match(/^[\w$]+/)?.[0];
			if (word) return word;
		}
	}
	return undefined;
}

/** The URL of the last `//# sourceMappingURL=…` comment ending a line, read line by line from the end. */
const MAPPING_COMMENT_START = /\/\/[#@]\s*$/;
const MAPPING_URL = /^(\S+)\s*$/;

export function sourceMappingUrl(minified: string): string | undefined {
	const lines = minified.split("\n");
	for (let index = lines.length - 1; index >= 0; index--) {
		const line = lines[index] as string;
		const at = line.lastIndexOf("sourceMappingURL=");
		if (at < 0 || !MAPPING_COMMENT_START.test(line.slice(Math.max(0, at - 64), at))) continue;
		const url = MAPPING_URL.exec(line.slice(at + "sourceMappingURL=".length))?.[1];
		if (url) return url;
	}
	return undefined;
}
