/** The page frame: header with the organization switcher and logout, the one stylesheet and the one script (no external assets). */
import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "../cookies";
import { PAGE_SCRIPT } from "./page-script";

export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}
a{color:#3b5bdb;text-decoration:none}a:hover{text-decoration:underline}
header{display:flex;align-items:center;gap:16px;padding:8px 20px;background:#2b2140;color:#fff}
header a,header .brand{color:#fff;font-weight:600}
header form{margin:0}header .spacer{flex:1}
header select{background:#3d3058;color:#fff;border:1px solid #5a4a80;border-radius:4px;padding:3px 6px}
main{max-width:1200px;margin:0 auto;padding:16px 20px}
h1{font-size:20px;margin:4px 0 12px}h2{font-size:16px;margin:20px 0 8px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d8dce2}
th,td{padding:6px 8px;border-bottom:1px solid #e6e8eb;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600;font-size:12px;text-transform:uppercase;color:#57606a}
td.num,th.num{text-align:right;white-space:nowrap}
.muted{color:#6a737d}.small{font-size:12px}
.level{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;color:#fff;background:#6a737d}
.level-error,.level-fatal{background:#d1242f}.level-warning{background:#bf8700}.level-info{background:#0969da}
.status{font-size:12px;padding:0 6px;border-radius:3px;border:1px solid #d0d7de}
button,.button{font:inherit;padding:4px 10px;border:1px solid #c4c9d0;border-radius:4px;background:#fff;cursor:pointer;color:#1f2328}
button.primary{background:#3b5bdb;border-color:#3b5bdb;color:#fff}
form.inline{display:inline;margin:0}
input[type=text],input[type=search],input[type=email]{font:inherit;padding:4px 8px;border:1px solid #c4c9d0;border-radius:4px;min-width:320px}
.toolbar{display:flex;gap:8px;align-items:center;margin:8px 0}
.card{background:#fff;border:1px solid #d8dce2;border-radius:6px;padding:12px;margin:8px 0}
.error{background:#fff0f0;border:1px solid #f1b0b0;padding:8px 12px;border-radius:4px}
pre,code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-word;margin:0}
.frame{border:1px solid #e1e4e8;border-radius:4px;margin:4px 0;background:#fff}
.frame summary{padding:4px 8px;cursor:pointer}
.frame.in-app{border-left:4px solid #3b5bdb}.frame.in-app summary{background:#eef2ff}
.frame:not(.in-app) summary{color:#57606a}
.unmapped{color:#9a6700}.processing-errors{margin:0;padding-left:1.2em;color:#9a6700}
.context{background:#fafbfc;padding:4px 0}
.context div{padding:0 8px;white-space:pre}.context .current{background:#fff5b1}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dl.kv dt{color:#57606a}dl.kv dd{margin:0;word-break:break-word}
.tags span{display:inline-block;border:1px solid #d0d7de;border-radius:3px;padding:0 6px;margin:2px;background:#fff}
.pager{display:flex;gap:8px;margin:8px 0}
.dsn{display:flex;gap:8px;align-items:center}.dsn code{background:#fff;border:1px solid #d0d7de;padding:4px 8px;border-radius:4px}
.login{max-width:380px;margin:40px auto;padding:20px}.login label{display:block;margin:10px 0}
.login input[type=email],.login input[type=password]{display:block;width:100%;font:inherit;padding:6px 8px;margin-top:4px;border:1px solid #c4c9d0;border-radius:4px}
.chart{margin:8px 0;background:#fff;border:1px solid #d8dce2;border-radius:6px;padding:8px}.chart figcaption{margin-top:4px}
.legend{margin-right:10px}.swatch{vertical-align:middle}
tr.fresh{animation:fresh 2s}@keyframes fresh{from{background:#fff5b1}to{background:#fff}}
.chart{display:flex;align-items:flex-end;gap:2px;height:42px;margin:8px 0}.chart .bar{flex:1;background:#8c9cb5;min-width:2px}
.bar.h0{height:1px}.bar.h1{height:4px}.bar.h2{height:8px}.bar.h3{height:12px}.bar.h4{height:16px}.bar.h5{height:20px}.bar.h6{height:24px}.bar.h7{height:28px}.bar.h8{height:32px}.bar.h9{height:36px}.bar.h10{height:40px}
.with-facets{display:flex;gap:12px;align-items:flex-start}.facets{width:220px;flex:none}.facet h3{margin:0 0 4px}.nowrap{white-space:nowrap}
.timeline span{display:inline-block;width:7px;height:16px;margin-right:2px;border-radius:2px;background:#6a737d}
.s-ok{--c:#2da44e}.s-error{--c:#d1242f}.s-missed{--c:#bf8700}.s-timeout{--c:#8250df}.s-in_progress{--c:#0969da}
.timeline span[class^=s-]{background:var(--c)}.status[class*=s-]{color:var(--c);border-color:var(--c)}
`;

export interface Frame {
	user: { email: string };
	csrf: string;
	organizations?: { slug: string; name: string }[];
	organization?: string;
}

export function Layout(props: { title: string; frame?: Frame; children?: Child }) {
	const { frame } = props;
	return (
		<html lang="en">
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<title>{`${props.title} · Faultline`}</title>
				{/* Our own constant: raw, since the text of <style> is not HTML-decoded. */}
				<style dangerouslySetInnerHTML={{ __html: STYLE }} />
			</head>
			<body>
				<header>
					<a class="brand" href="/organizations/">
						Faultline
					</a>
					{frame?.organizations && frame.organizations.length > 0 && (
						<form method="get" action="/organizations/switch/">
							<select id="organization-switch" name="organization" aria-label="Organization">
								{frame.organizations.map((organization) => (
									<option value={organization.slug} selected={organization.slug === frame.organization}>
										{organization.name}
									</option>
								))}
							</select>
							<noscript>
								<button type="submit">Go</button>
							</noscript>
						</form>
					)}
					<span class="spacer" />
					{frame && (
						<>
							<span class="small">{frame.user.email}</span>
							<form method="post" action="/auth/logout/">
								<input type="hidden" name={CSRF_FIELD} value={frame.csrf} />
								<button type="submit">Log out</button>
							</form>
						</>
					)}
				</header>
				<main>{props.children}</main>
				{/* Our own constant script, never event data: raw, since the text of <script> is not HTML-decoded. */}
				<script dangerouslySetInnerHTML={{ __html: PAGE_SCRIPT }} />
			</body>
		</html>
	);
}
