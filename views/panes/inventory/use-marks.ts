import {useMemo, useState} from 'react';
import type {Resource} from '../../../source/model.js';
import type {Store} from '../../../source/store.js';

export interface Marks {
	ids: ReadonlySet<string>;
	/** The marked resources the store still holds: what an action applies to and the status line counts. */
	resources: Resource[];
	toggle(id: string): void;
	/** Marks every id given; if all of them were marked already, unmarks them instead. */
	markAll(ids: readonly string[]): void;
	clear(): void;
}

/** Marked rows, by resource id, so marks outlive the filter that hid or showed them and any re-sort. */
export function useMarks(store: Store, version: number): Marks {
	const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
	const resources = useMemo(() => [...ids].flatMap(id => store.get(id) ?? []), [ids, store, version]);
	return {
		ids,
		resources,
		toggle: id =>
			setIds(previous => {
				const next = new Set(previous);
				if (!next.delete(id)) next.add(id);
				return next;
			}),
		markAll: all =>
			setIds(previous => {
				const next = new Set(previous);
				if (all.every(id => previous.has(id))) for (const id of all) next.delete(id);
				else for (const id of all) next.add(id);
				return next;
			}),
		clear: () => setIds(new Set()),
	};
}
