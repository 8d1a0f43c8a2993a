import {useMemo, useState} from 'react';
import {jobDetail} from '../../detail-lines.js';
import {DetailView} from '../../list/DetailView.js';
import {applyFilter, filterKey, listCommand, matches, type ListPane} from '../../list/list-pane.js';
import {arrayRows} from '../../list/rows.js';
import {useFilter} from '../../list/use-filter.js';
import {useListCursor} from '../../list/use-list-cursor.js';
import {useScroll} from '../../list/use-scroll.js';
import type {PaneContext, PaneController} from '../types.js';
import {jobs as definition} from './definition.js';
import {JobsPane} from './JobsPane.js';

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
	const pane: ListPane = {
		filter,
		cursor,
		scroll,
		inDetail: detail !== undefined,
		open: () => setDetail(list[cursor.index]?.id),
		back: () => setDetail(undefined),
	};

	return {
		scopes: filter.editing ? definition.scopes.filter : detail !== undefined ? definition.scopes.detail : definition.scopes.list,
		handleKey(binding, name) {
			if (filter.editing) return filterKey(pane, binding, name);
			return binding ? listCommand(pane, binding.command) : false;
		},
		status: filter.text ? {text: `filter "${filter.text}": ${matches(list.length)} · / edit · esc clear`, level: 'info'} : undefined,
		editing: filter.editing ? {prompt: '/', text: filter.text} : undefined,
		badge: running > 0 ? `(${running}…)` : undefined,
		// Switching panes, even to this one, closes the detail view.
		leave: () => setDetail(undefined),
		accept(intent) {
			if (intent.kind === 'filter') applyFilter(pane, intent.text);
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
