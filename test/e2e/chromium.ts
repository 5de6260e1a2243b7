/**
 * The Chromium every browser test drives, so that `npm ci && npm test` needs no system package: the
 * system's (Debian's /usr/bin/chromium) when it is installed, else the headless build shipped inside
 * the @sparticuz/chromium npm package (143.0.4: the last major whose engines allow node 20; it needs
 * only libnss3 and libexpat, both on a fresh machine). FAULTLINE_TEST_CHROMIUM=npm forces the npm
 * one, =system the system one.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import Chromium from "@sparticuz/chromium";
import { type BrowserContext, chromium } from "playwright-core";
import { ROOT } from "../../scripts/lib/wrangler";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const NPM_CHROMIUM_VERSION = "143.0.4";
/** Where the npm build is inflated once (its brotli archives unpack to about 200 MB). */
const NPM_CHROMIUM_DIR = `${ROOT}node_modules/.cache/faultline-chromium-${NPM_CHROMIUM_VERSION}`;
const ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
];

export function chromiumSource(): "system" | "npm" {
	const forced = process.env.FAULTLINE_TEST_CHROMIUM;
	if (forced === "npm" || forced === "system") return forced;
	return existsSync(SYSTEM_CHROMIUM) ? "system" : "npm";
}

/**
 * The package inflates into os.tmpdir() and takes anything already there as done; inflating into a
 * fresh directory and renaming it into place means an interrupted run never leaves a half-written
 * binary, and two test files starting at once do not write the same files.
 */
async function npmChromium(): Promise<string> {
	const binary = `${NPM_CHROMIUM_DIR}/chromium`;
	if (existsSync(binary)) return binary;
	mkdirSync(`${ROOT}node_modules/.cache`, { recursive: true });
	const staging = mkdtempSync(`${NPM_CHROMIUM_DIR}.inflating-`);
	const tmpdir = process.env.TMPDIR;
	process.env.TMPDIR = staging;
	try {
		await Chromium.executablePath();
	} finally {
		if (tmpdir === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = tmpdir;
	}
	try {
		renameSync(staging, NPM_CHROMIUM_DIR);
	} catch (error) {
		rmSync(staging, { recursive: true, force: true });
		if (!existsSync(binary)) throw error;
	}
	return binary;
}

/** A headless Chromium with a fresh profile in `userDataDir` (how playwright takes --user-data-dir). */
export async function launchChromium(
	userDataDir: string,
	viewport = { width: 1366, height: 800 },
): Promise<BrowserContext> {
	const executablePath = chromiumSource() === "system" ? SYSTEM_CHROMIUM : await npmChromium();
	return chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: ARGS, viewport });
}
