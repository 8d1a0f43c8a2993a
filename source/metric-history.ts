/** The metrics drawn as sparklines, all percentages: the only ones whose past readings are kept. */
export const CHARTED_METRICS = ['cpu', 'memory'] as const;

const WIDTH = CHARTED_METRICS.length;
/** Resources whose readings share one set of row pages. */
const SLOTS_PER_CHUNK = 4096;
/** A reading is held to a hundredth of a point, up to 655.34%: a sparkline's bar and its label need no more. */
const SCALE = 100;
const MOST = 65534;
/** What a row holds where its write lacked the metric, and what a page holds before it is written. */
const GAP = 0;

/**
 * The last readings of each resource's charted metrics, for sparklines. A resource's latest reading is its own,
 * held by the store; this keeps it and the readings before it. Nothing is kept for a resource with one reading:
 * 100,000 are read once before anyone looks at a sparkline.
 *
 * From the second reading on a resource has a slot: a ring of rows, each row one 16-bit reading per charted
 * metric. Row r of 4,096 slots is one page, made when the first of them writes that row, so a large inventory
 * read twice holds two pages a chunk rather than whole rings, and one left open all night holds 240 bytes a
 * resource rather than a typed array and two objects each (about 700 bytes with 32-bit floats).
 */
export class MetricHistory {
	private readonly slots = new Map<string, number>();
	private readonly free: number[] = [];
	private slotCount = 0;
	/** pages[chunk][row]: the row's readings for the chunk's slots, slot-major. */
	private readonly pages: Array<Array<Uint16Array | undefined>> = [];
	/** Per slot: rows written, up to the length, and the row the next write goes to. */
	private written = new Uint8Array(SLOTS_PER_CHUNK);
	private next = new Uint8Array(SLOTS_PER_CHUNK);

	constructor(private readonly length: number) {
		if (!Number.isInteger(length) || length < 1 || length > 255) throw new RangeError(`a metric history holds 1 to 255 readings (got ${length})`);
	}

	/** A new reading; `previous` is the one it replaces, which the history does not hold while it is the only one. */
	record(id: string, metrics: Readings, previous: Readings | undefined): void {
		if (!charted(metrics)) return;
		let slot = this.slots.get(id);
		if (slot === undefined) {
			if (!previous || !charted(previous)) return;
			slot = this.allocate(id);
			this.write(slot, previous);
		}
		this.write(slot, metrics);
	}

	/** The readings of one charted metric, oldest first; `latest` is the resource's current reading. */
	get(id: string, metric: string, latest: Readings | undefined): number[] {
		const m = CHARTED_METRICS.indexOf(metric as (typeof CHARTED_METRICS)[number]);
		if (m === -1) return [];
		const slot = this.slots.get(id);
		if (slot === undefined) return latest?.[metric] === undefined ? [] : [latest[metric]];
		const readings: number[] = [];
		for (const row of this.rowsOf(slot)) {
			const value = this.page(slot, row)![(slot % SLOTS_PER_CHUNK) * WIDTH + m]!;
			// A metric missing from a write left a gap, which a sparkline skips.
			if (value !== GAP) readings.push((value - 1) / SCALE);
		}
		return readings;
	}

	/**
	 * Puts earlier readings before the ones held, oldest first: history a backend kept (Prometheus's range API)
	 * arrives after the first reading is already on screen. The newest readings are kept where they overflow.
	 */
	prepend(id: string, readings: readonly Readings[], latest: Readings | undefined): void {
		const held = this.slots.has(id) ? this.rows(id) : latest ? [latest] : [];
		this.forget(id);
		let previous: Readings | undefined;
		for (const reading of [...readings, ...held].slice(-this.length)) {
			this.record(id, reading, previous);
			previous = reading;
		}
	}

	forget(id: string): void {
		const slot = this.slots.get(id);
		if (slot === undefined) return;
		this.slots.delete(id);
		this.free.push(slot);
	}

	/** Every reading held, oldest first, a metric missing from a write left out of its row. */
	private rows(id: string): Array<Record<string, number>> {
		const slot = this.slots.get(id)!;
		const at = (slot % SLOTS_PER_CHUNK) * WIDTH;
		return this.rowsOf(slot).map(row => {
			const page = this.page(slot, row)!;
			const reading: Record<string, number> = {};
			CHARTED_METRICS.forEach((name, m) => {
				if (page[at + m] !== GAP) reading[name] = (page[at + m]! - 1) / SCALE;
			});
			return reading;
		});
	}

	/** The slot's rows in the order they were written. */
	private rowsOf(slot: number): number[] {
		const written = this.written[slot]!;
		const oldest = written < this.length ? 0 : this.next[slot]!;
		return Array.from({length: written}, (_, i) => (oldest + i) % this.length);
	}

	private allocate(id: string): number {
		const slot = this.free.pop() ?? this.slotCount++;
		if (slot >= this.written.length) {
			this.written = grown(this.written);
			this.next = grown(this.next);
		}
		this.written[slot] = 0;
		this.next[slot] = 0;
		this.slots.set(id, slot);
		return slot;
	}

	private write(slot: number, metrics: Readings): void {
		const row = this.next[slot]!;
		const chunk = (this.pages[Math.floor(slot / SLOTS_PER_CHUNK)] ??= []);
		const page = (chunk[row] ??= new Uint16Array(SLOTS_PER_CHUNK * WIDTH));
		const at = (slot % SLOTS_PER_CHUNK) * WIDTH;
		for (let m = 0; m < WIDTH; m++) page[at + m] = encode(metrics[CHARTED_METRICS[m]!]);
		this.written[slot] = Math.min(this.written[slot]! + 1, this.length);
		this.next[slot] = (row + 1) % this.length;
	}

	private page(slot: number, row: number): Uint16Array | undefined {
		return this.pages[Math.floor(slot / SLOTS_PER_CHUNK)]?.[row];
	}
}

type Readings = Readonly<Record<string, number>>;

function charted(readings: Readings): boolean {
	for (const name of CHARTED_METRICS) if (readings[name] !== undefined) return true;
	return false;
}

function encode(value: number | undefined): number {
	if (value === undefined || Number.isNaN(value)) return GAP;
	return Math.round(Math.min(MOST, Math.max(0, value * SCALE))) + 1;
}

function grown(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	const larger = new Uint8Array(bytes.length * 2);
	larger.set(bytes);
	return larger;
}
