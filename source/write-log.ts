/**
 * The ids a store has written or removed, in order, for readers that catch up when they next look rather than
 * at each write. A write costs one push however many read it; a set of ids per reader cost each of them a
 * hash insert per write, which at 100k resources was about 60 ms and 3 MB apiece on the first load.
 *
 * A reader that falls far behind (the search index while no pane asks for it) is not left to hold the log up:
 * past `limit` entries it is told to read everything instead, once, when it next looks.
 */
export class WriteLog {
	private ids: string[] = [];
	/** The sequence number of `ids[0]`. */
	private base = 0;
	private readonly readers = new Set<WriteReader>();
	/** While a reader walks the log, nothing is cut from it. */
	private reading = 0;

	constructor(private readonly limit: () => number) {}

	get end(): number {
		return this.base + this.ids.length;
	}

	push(id: string): void {
		if (this.readers.size === 0) return;
		this.ids.push(id);
		const limit = this.limit();
		if (this.ids.length <= limit) return;
		const keep = this.end - (limit >> 1);
		for (const reader of this.readers) if (reader.position < keep) reader.behind = true;
		this.compact();
	}

	/**
	 * A reader from the next write on, or, `fromStart`, one whose first read is of everything; `everything` names
	 * every id it may hold, for that read and for when it has fallen behind.
	 */
	reader(everything: () => Iterable<string>, fromStart = false): WriteReader {
		const reader = new WriteReader(this, everything, this.end);
		reader.behind = fromStart;
		this.readers.add(reader);
		return reader;
	}

	/** Calls `visit` with each id logged from `from` on, new ones included, and returns where the log then ends. */
	walk(from: number, visit: (id: string) => void): number {
		this.reading++;
		try {
			for (let i = from - this.base; i < this.ids.length; i++) visit(this.ids[i]!);
		} finally {
			this.reading--;
		}
		return this.end;
	}

	close(reader: WriteReader): void {
		this.readers.delete(reader);
		this.compact();
	}

	/** Cuts what every reader has read; a reader told to read everything holds nothing up. */
	compact(): void {
		if (this.reading > 0) return;
		let least = this.end;
		for (const reader of this.readers) if (!reader.behind) least = Math.min(least, reader.position);
		const read = least - this.base;
		// Cut in large pieces, so a reader that reads after every write does not shift the array each time.
		if (read === 0 || (read < 4096 && read * 2 < this.ids.length)) return;
		this.ids = read === this.ids.length ? [] : this.ids.slice(read);
		this.base = least;
	}
}

/** One reader's place in a write log. */
export class WriteReader {
	/** Set when the log moved on without it: its next read is of everything. */
	behind = false;

	constructor(
		private readonly log: WriteLog,
		private readonly everything: () => Iterable<string>,
		public position: number,
	) {}

	/** How many writes wait to be read; an id written twice counts twice. */
	get pending(): number {
		return this.behind ? Number.POSITIVE_INFINITY : this.log.end - this.position;
	}

	/**
	 * Calls `visit` with each id written or removed since the last call, in order. An id written twice comes
	 * twice, so `visit` must be content to see one again; a reader that fell behind sees every id it may hold.
	 */
	take(visit: (id: string) => void): void {
		if (this.behind) {
			this.behind = false;
			this.position = this.log.end;
			for (const id of this.everything()) visit(id);
		} else {
			this.position = this.log.walk(this.position, visit);
		}
		this.log.compact();
	}

	close(): void {
		this.log.close(this);
	}
}
