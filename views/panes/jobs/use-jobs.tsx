import {useMemo, useState} from 'react';
import {jobDetail} from '../../detail-lines.js';
import {DetailView} from '../../list/DetailView.js';
import {arrayRows} from '../../list/rows.js';
import {useFilter} from '../../list/use-filter.js';
import {useListCursor} from '../../list/use-list-cursor.js';
import {useScroll} from '../../list/use-scroll.js';
import type {PaneContext, PaneController} from '../types.js';
import {jobs as definition} from './definition.js';
import {JobsPane} from './JobsPane.js';

const matches = (count: number): string => `${count} ${count === 1 ? 'match' : 'matches'}`;

/** The jobs, newest first: their filter, cursor and the detail of one job. */
export function useJobs(context: PaneContext): PaneController {
	const {jobs, jobsVersion, width, height} = context;
	const filter = useFilter();
	const [detail, setDetail] = useState<number>();
	const list = useMemo(() => {
		const query = filter.text.toLowerCase();
		return [...jobs.list()].reverse().filter(job => !query || `${job.id} ${job.state} ${job.action} ${job.target} ${job.error ?? ''}`.toLowerCase().includes(query));
	}, [jobs, jobsVersion, filter.text]);
	const rows = useMemo(() => arrayRows(list.map(job => ({key: String(job.id), selectable: true, job}))), [list]);
	// One row of the body is the column heading.
	const cursor = useListCursor(rows, height - 1);
	const shown = detail === undefined ? undefined : jobs.list().find(job => job.id === detail);
	const lines = useMemo(() => (shown ? jobDetail(shown) : []), [shown, jobsVersion]);
	const scroll = useScroll(lines.length, height);
	const running = jobs.list().filter(job => job.state === 'running' || job.state === 'queued').length;

	return {
		scopes: filter.editing ? definition.scopes.filter : detail !== undefined ? definition.scopes.detail : definition.scopes.list,
		handleKey(binding, name) {
			if (filter.editing) {
				if (filter.handleKey(binding, name)) cursor.reset();
				return true;
			}
			const command = binding?.command;
			if (!command) return false;
			if (detail !== undefined ? scroll.move(command) : cursor.move(command)) return true;
			switch (command) {
				case 'open':
					if (list[cursor.index]) setDetail(list[cursor.index]!.id);
					scroll.reset();
					return true;
				case 'back':
					setDetail(undefined);
					return true;
				case 'filter':
					filter.edit();
					return true;
				case 'clearFilter':
					filter.set('');
					return true;
				default:
					return false;
			}
		},
		status: filter.text ? {text: `filter "${filter.text}": ${matches(list.length)} · / edit · esc clear`, level: 'info'} : undefined,
		editing: filter.editing ? {prompt: '/', text: filter.text} : undefined,
		badge: running > 0 ? `(${running}…)` : undefined,
		// Switching panes, even to this one, closes the detail view.
		leave: () => setDetail(undefined),
		accept(intent) {
			if (intent.kind === 'filter') filter.set(intent.text);
			return true;
		},
		body:
			detail !== undefined ? (
				<DetailView lines={lines} start={scroll.start} height={height} width={width} />
			) : (
				<JobsPane rows={rows} cursor={cursor.index} start={cursor.start} height={height} width={width} filter={filter.text} />
			),
	};
}
