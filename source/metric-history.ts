/**
 * The last readings of each resource's metrics, for sparklines. A resource's latest reading is its own, held by
 * the store; this keeps the readings before it. Nothing is kept for a resource with one reading: 100,000 are
 * read once before anyone looks at a sparkline, and a record of each cost about 90 bytes and 2 µs apiece (200
 * ms of a 100k start). From the second reading on, one small record per resource: its metrics' readings in one
 * flat array, a row per write, grown to the history's length and then used as a ring. A full ring holds 32-bit
 * floats: sparklines and their one-decimal label need no more, and 60 readings of 100,000 resources took 107 MB
 * as 64-bit numbers.
 */
export class MetricHistory {
	private readonly series = new Map<string, Series>();
	/** One names array per set of metric names, shared by every resource that reports that set. */
	private readonly nameSets = new Map<string, readonly string[]>();
	/** The set the last new series took: a provider writes its resources of one kind together, all alike. */
	private lastNames: readonly string[] = [];

	constructor(private readonly length: number) {}

	/** A new reading; `previous` is the one it replaces, which the history does not hold while it is the only one. */
	record(id: string, metrics: Readings, previous: Readings | undefined): void {
		let series = this.series.get(id);
		if (!series) {
			if (!previous || !hasReadings(previous)) return;
			const names = Object.keys(previous);
			series = {names: this.nameSet(names), values: names.map(name => previous[name]!), rows: 1, next: 1 % this.length};
			this.series.set(id, series);
		}
		const names = Object.keys(metrics);
		if (names.length === 0) return;
		if (!sameNames(series.names, names)) this.widen(series, names);
		const width = series.names.length;
		const capacity = series.values.length / width;
		if (series.rows === capacity && capacity < this.length) {
			const grown = Math.min(this.length, Math.max(4, capacity * 2));
			grow(series, grown, grown === this.length);
		}
		const at = series.next * width;
		for (let m = 0; m < width; m++) series.values[at + m] = metrics[series.names[m]!] ?? Number.NaN;
		series.rows = Math.min(series.rows + 1, series.values.length / width);
		series.next = (series.next + 1) % (series.values.length / width);
	}

	/** The readings of one metric, oldest first; `latest` is the resource's current reading. */
	get(id: string, metric: string, latest: Readings | undefined): number[] {
		const series = this.series.get(id);
		if (!series) return latest?.[metric] === undefined ? [] : [latest[metric]];
		const m = series.names.indexOf(metric);
		if (m === -1) return [];
		const width = series.names.length;
		const capacity = series.values.length / width;
		const oldest = series.rows < capacity ? 0 : series.next;
		const readings: number[] = [];
		for (let i = 0; i < series.rows; i++) {
			const value = series.values[((oldest + i) % capacity) * width + m]!;
			// A metric missing from a write left a gap, which a sparkline skips.
			if (!Number.isNaN(value)) readings.push(value);
		}
		return readings;
	}

	/**
	 * Puts earlier readings before the ones held, oldest first: history a backend kept (Prometheus's range API)
	 * arrives after the first reading is already on screen. The newest readings are kept where they overflow.
	 */
	prepend(id: string, readings: readonly Readings[], latest: Readings | undefined): void {
		const held = this.series.has(id) ? this.rows(id) : latest ? [latest] : [];
		this.series.delete(id);
		let previous: Readings | undefined;
		for (const reading of [...readings, ...held].slice(-this.length)) {
			this.record(id, reading, previous);
			previous = reading;
		}
	}

	/** Every reading held, oldest first, a metric missing from a write left out of its row. */
	private rows(id: string): Array<Record<string, number>> {
		const series = this.series.get(id);
		if (!series) return [];
		const width = series.names.length;
		const capacity = series.values.length / width;
		const oldest = series.rows < capacity ? 0 : series.next;
		const rows: Array<Record<string, number>> = [];
		for (let i = 0; i < series.rows; i++) {
			const row: Record<string, number> = {};
			series.names.forEach((name, m) => {
				const value = series.values[((oldest + i) % capacity) * width + m]!;
				if (!Number.isNaN(value)) row[name] = value;
			});
			rows.push(row);
		}
		return rows;
	}

	forget(id: string): void {
		this.series.delete(id);
	}

	private nameSet(names: readonly string[]): readonly string[] {
		const last = this.lastNames;
		if (last.length === names.length && names.every((name, i) => last[i] === name)) return last;
		this.lastNames = this.sharedNames(names);
		return this.lastNames;
	}

	private sharedNames(names: readonly string[]): readonly string[] {
		const key = names.join('\u0000');
		let shared = this.nameSets.get(key);
		if (!shared) {
			shared = [...names];
			this.nameSets.set(key, shared);
		}
		return shared;
	}

	/** Gives the series a column for each metric it has not had, with gaps in the rows before. */
	private widen(series: Series, names: readonly string[]): void {
		const wider = this.nameSet([...series.names, ...names.filter(name => !series.names.includes(name))]);
		if (wider.length === series.names.length) return;
		const width = series.names.length;
		const capacity = series.values.length / width;
		const values = emptyRows(capacity * wider.length, capacity === this.length);
		for (let row = 0; row < capacity; row++) for (let m = 0; m < width; m++) values[row * wider.length + m] = series.values[row * width + m]!;
		series.names = wider;
		series.values = values;
	}
}

type Readings = Readonly<Record<string, number>>;

function hasReadings(readings: Readings): boolean {
	for (const _ in readings) return true;
	return false;
}

interface Series {
	names: readonly string[];
	/** Row-major: row r holds values[r * names.length + m] for metric m, NaN where a write lacked it. */
	values: number[] | Float32Array;
	/** Rows written, up to the capacity (values.length / names.length). */
	rows: number;
	/** The row the next write goes to: past the last while growing, the oldest once full. */
	next: number;
}

function sameNames(known: readonly string[], names: readonly string[]): boolean {
	return names.every((name, i) => known[i] === name || known.includes(name));
}

function emptyRows(size: number, full: boolean): number[] | Float32Array {
	return full ? new Float32Array(size).fill(Number.NaN) : new Array<number>(size).fill(Number.NaN);
}

/** Copies a full series into `capacity` rows, oldest first, so the next write goes after them. */
function grow(series: Series, capacity: number, full: boolean): void {
	const width = series.names.length;
	const values = emptyRows(capacity * width, full);
	const old = series.values.length / width;
	const oldest = series.rows < old ? 0 : series.next;
	for (let i = 0; i < series.rows; i++) for (let m = 0; m < width; m++) values[i * width + m] = series.values[((oldest + i) % old) * width + m]!;
	series.values = values;
	series.next = series.rows;
}
