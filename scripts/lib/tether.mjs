// The tether (see process-tree.ts): runs a command in a process group of its own and ends that whole
// group (the command and everything it spawned) when its parent goes away, even by SIGKILL: the
// parent holds the write end of this process's stdin, which the kernel closes whatever way the parent
// dies. Plain JavaScript, so it starts without a TypeScript loader.
import { spawn } from "node:child_process";

const GRACE_MS = 5_000;
const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { detached: true, stdio: ["ignore", "inherit", "inherit"] });

function signalGroup(signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {}
}

let stopping = false;
function stop() {
	if (stopping) return;
	stopping = true;
	signalGroup("SIGTERM");
	setTimeout(() => signalGroup("SIGKILL"), GRACE_MS).unref();
}

process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
child.on("exit", (code, signal) => {
	// What the command left behind (workerd after wrangler died, say) goes with it.
	signalGroup("SIGKILL");
	process.exit(code ?? (signal ? 1 : 0));
});
