/** A tiny browser for the monolith: keeps cookies, logs in through the form, echoes the CSRF token. */
import { exports } from "cloudflare:workers";

export class Browser {
	cookies = new Map<string, string>();
	constructor(
		readonly ip = "203.0.113.7",
		readonly base = "http://faultline.test",
	) {}
	async fetch(path: string, init: RequestInit = {}) {
		const headers = new Headers(init.headers);
		headers.set("cf-connecting-ip", this.ip);
		if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
		const response = await exports.default.fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
		for (const cookie of response.headers.getAll("set-cookie")) {
			const [pair] = cookie.split(";");
			const [name, value] = (pair ?? "").split("=");
			if (!name) continue;
			if (value) this.cookies.set(name, value);
			else this.cookies.delete(name);
		}
		return response;
	}
	csrf() {
		return this.cookies.get("faultline_csrf") ?? "";
	}
	async login(email: string, password: string) {
		await this.fetch("/auth/login/");
		const body = new URLSearchParams({ email, password, csrf_token: this.csrf(), next: "/organizations/" });
		return this.fetch("/auth/login/", { method: "POST", body });
	}
	/** A JSON API call on the strength of the session, with the CSRF header. */
	api(path: string, init: RequestInit = {}) {
		return this.fetch(path, {
			...init,
			headers: { "content-type": "application/json", "x-csrftoken": this.csrf(), ...init.headers },
		});
	}
}
