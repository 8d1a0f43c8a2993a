import {useEffect, useMemo, useState} from 'react';
import {inspectLines} from '../../../source/inspect.js';
import type {Binding, Command} from '../../../source/keymap.js';
import type {Resource} from '../../../source/model.js';
import type {Provider} from '../../../source/provider.js';
import type {DetailLine} from '../../detail-lines.js';
import {matches} from '../../list/list-pane.js';
import {useFilter} from '../../list/use-filter.js';
import {useScroll} from '../../list/use-scroll.js';

interface Shown {
	resource: Resource;
	lines?: readonly string[];
	error?: string;
}

/**
 * The inspect view: one resource as its backend describes it, read once through its provider when opened,
 * scrolled as a detail view is and searched with `/`, each search or enter going to the next matching line.
 */
export function useInspect(providers: readonly Provider[], height: number) {
	const [shown, setShown] = useState<Shown>();
	const search = useFilter();
	const id = shown?.resource.id;

	useEffect(() => {
		if (!shown || shown.lines || shown.error) return;
		const controller = new AbortController();
		inspectLines(providers, shown.resource, controller.signal).then(
			lines => setShown(now => (now?.resource.id === shown.resource.id ? {...now, lines: lines ?? [`${shown.resource.provider} cannot describe a ${shown.resource.type}`]} : now)),
			(error: Error) => setShown(now => (now?.resource.id === shown.resource.id ? {...now, error: error.message} : now)),
		);
		return () => controller.abort();
	}, [id, shown?.lines, shown?.error]);

	const needle = search.text.toLowerCase();
	const hits = useMemo(() => (needle && shown?.lines ? shown.lines.flatMap((line, i) => (line.toLowerCase().includes(needle) ? [i] : [])) : []), [shown?.lines, needle]);
	const lines = useMemo((): DetailLine[] => {
		if (!shown) return [];
		const title: DetailLine = {text: `inspect ${shown.resource.type} ${shown.resource.name}  (${shown.resource.provider}; secrets hidden)`, style: 'title'};
		if (shown.error) return [title, {text: shown.error, style: 'error'}];
		if (!shown.lines) return [title, {text: 'reading…', style: 'plain'}];
		const hit = new Set(hits);
		return [title, ...shown.lines.map((text, i): DetailLine => ({text, style: hit.has(i) ? 'match' : 'plain'}))];
	}, [shown, hits]);
	const scroll = useScroll(lines.length, height);

	/** The first match below the top line, or the first of all when none is below; the title is line 0. */
	const nextHit = (after: number) => {
		const next = hits.find(line => line + 1 > after) ?? hits[0];
		if (next !== undefined) scroll.to(next + 1);
	};

	return {
		open: !!shown,
		lines,
		start: scroll.start,
		editing: search.editing ? {prompt: 'search /', text: search.text} : undefined,
		status: shown && search.text ? {text: `search "${search.text}": ${matches(hits.length)} · / again or enter for the next · esc back`, level: 'info' as const} : undefined,
		show(resource: Resource) {
			setShown({resource});
			search.set('');
			scroll.reset();
		},
		close: () => setShown(undefined),
		/** A key while open: the search's text, or movement, `/` and back. */
		handleKey(binding: Binding | undefined, name: string): boolean {
			if (search.editing) {
				const confirmed = binding?.command === 'confirm';
				if (search.handleKey(binding, name) || confirmed) nextHit(confirmed ? scroll.start : scroll.start - 1);
				return true;
			}
			const command: Command | undefined = binding?.command;
			if (command === 'back') setShown(undefined);
			else if (command === 'filter') search.edit();
			else if (!command || !scroll.move(command)) return false;
			return true;
		},
	};
}
