/**
 * Charts drawn on the server as SVG, from numbers only (no library, no script): a sparkline and a
 * stacked area chart with a legend. Labels are JSX text, so they are escaped like everything else.
 */

const round = (value: number) => Math.round(value * 10) / 10;

/** `values` as a line across `width` × `height`, scaled to its own maximum. */
export function Sparkline(props: { values: number[]; width?: number; height?: number; label: string }) {
	const { values, width = 120, height = 24 } = props;
	const top = Math.max(1, ...values);
	const step = values.length > 1 ? width / (values.length - 1) : width;
	const points = values.map(
		(value, index) => `${round(index * step)},${round(height - (value / top) * (height - 2) - 1)}`,
	);
	return (
		<svg
			class="sparkline"
			width={width}
			height={height}
			viewBox={`0 0 ${width} ${height}`}
			role="img"
			aria-label={props.label}
		>
			<polyline points={points.join(" ")} fill="none" stroke="#3b5bdb" stroke-width="1.5" />
		</svg>
	);
}

export interface AreaSeries {
	name: string;
	color: string;
	values: number[];
}

/** The series stacked bottom to top in the order given, over `labels` (one per slot), with a legend. */
/** Drawn on a `width` × `height` grid, scaled to the page's width. */
export function StackedArea(props: {
	series: AreaSeries[];
	labels: string[];
	width?: number;
	height?: number;
	title: string;
}) {
	const { series, labels, width = 1100, height = 160 } = props;
	const slots = labels.length;
	const totals = Array.from({ length: slots }, (_, slot) =>
		series.reduce((sum, one) => sum + (one.values[slot] ?? 0), 0),
	);
	const top = Math.max(1, ...totals);
	const x = (slot: number) => round(slots > 1 ? (slot / (slots - 1)) * width : width / 2);
	const y = (value: number) => round(height - (value / top) * height);
	const below = new Array<number>(slots).fill(0);
	const areas = series.map((one) => {
		const lower = [...below];
		const upper = lower.map((base, slot) => base + (one.values[slot] ?? 0));
		upper.forEach((value, slot) => {
			below[slot] = value;
		});
		const edge = upper.map((value, slot) => `${x(slot)},${y(value)}`);
		const floor = lower.map((value, slot) => `${x(slot)},${y(value)}`).reverse();
		return { ...one, points: [...edge, ...floor].join(" ") };
	});
	return (
		<figure class="chart">
			<svg width="100%" viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={props.title}>
				<line x1="0" y1={height} x2={width} y2={height} stroke="#d0d7de" />
				{areas.map((area) => (
					<polygon points={area.points} fill={area.color} fill-opacity="0.85">
						<title>{area.name}</title>
					</polygon>
				))}
				<text x="0" y={height + 14} font-size="11" fill="#6a737d">
					{labels[0] ?? ""}
				</text>
				<text x={width} y={height + 14} font-size="11" fill="#6a737d" text-anchor="end">
					{labels.at(-1) ?? ""}
				</text>
				<text x="2" y="11" font-size="11" fill="#6a737d">
					{String(top)}
				</text>
			</svg>
			<figcaption class="small">
				{props.title}:{" "}
				{series.map((one) => (
					<span class="legend">
						<svg class="swatch" width="10" height="10" aria-hidden="true">
							<rect width="10" height="10" rx="2" fill={one.color} />
						</svg>{" "}
						{one.name}
					</span>
				))}
			</figcaption>
		</figure>
	);
}
