/**
 * Child processes that die with their parent. Wrangler and workerd run in a process group of their
 * own (so that one signal reaches all of them); without a tether, killing `npm start` with SIGKILL left
 * them running and holding the port. Also: the processes under a pid, read from Linux's /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TETHER = fileURLToPath(new URL("./tether.mjs", import.meta.url));

/**
 * Runs `command` under a tether process that ends the command's whole process group once this
 * process exits, however it exits. Close the returned child's stdin to stop the command (SIGTERM,
 * then SIGKILL after 5 s); the child exits once the command has, with its code. The tether is in a
 * process group of its own too, so that killing this process's group leaves it to clean up.
 */
export function spawnTethered(command: string, args: string[], cwd: string): ChildProcess {
	return spawn(process.execPath, [TETHER, command, ...args], {
		cwd,
		detached: true,
		stdio: ["pipe", "inherit", "inherit"],
	});
}

/** pid, parent pid and resident bytes of every live process, from /proc (empty where there is none). */
function processTable(): { pid: number; ppid: number; rssBytes: number }[] {
	let entries: string[];
	try {
		entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
	} catch {
		return [];
	}
	const table = [];
	for (const pid of entries) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
			// pid (comm) state ppid …: comm may hold spaces, so count from its closing parenthesis.
			const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
			if (state === "Z") continue; // exited, not yet reaped
			const residentPages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
			table.push({ pid: Number(pid), ppid: Number(ppid), rssBytes: residentPages * 4096 });
		} catch {}
	}
	return table;
}

/** `root` and every process below it, with their resident memory. */
export function processTree(root: number): { pid: number; rssBytes: number }[] {
	const table = processTable();
	const tree = table.filter((entry) => entry.pid === root);
	for (let index = 0; index < tree.length; index++) {
		const parent = tree[index]?.pid;
		tree.push(...table.filter((entry) => entry.ppid === parent));
	}
	return tree;
}

/** Those of `pids` that are still running. */
export function stillRunning(pids: number[]): number[] {
	const live = new Set(processTable().map((entry) => entry.pid));
	return pids.filter((pid) => live.has(pid));
}

/**
 * Ends `root` and everything below it and resolves once all of them are gone. SIGTERM goes to the
 * root's process group (as Ctrl-C would reach a foreground job), SIGKILL to every process of the
 * tree at once (a crash); after `graceMs` of SIGTERM the survivors get SIGKILL.
 */
export async function endProcessTree(root: number, signal: "SIGTERM" | "SIGKILL", graceMs = 30_000): Promise<void> {
	const pids = processTree(root).map((entry) => entry.pid);
	const send = (target: number, kind: NodeJS.Signals) => {
		try {
			process.kill(target, kind);
		} catch {}
	};
	if (signal === "SIGTERM") send(-root, "SIGTERM");
	else for (const pid of pids) send(pid, "SIGKILL");
	const deadline = Date.now() + graceMs;
	while (stillRunning(pids).length) {
		if (Date.now() > deadline) for (const pid of stillRunning(pids)) send(pid, "SIGKILL");
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
