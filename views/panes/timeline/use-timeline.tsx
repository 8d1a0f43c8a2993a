import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import {formatDuration} from '../../../source/format.js';
import type {TimelineEvent} from '../../../source/timeline/events.js';
import {localTime} from '../../../source/timeline/export.js';
import {timelineFilter} from '../../../source/timeline/filter.js';
import {rewind} from '../../../source/timeline/rewind.js';
import type {DetailLine} from '../../detail-lines.js';
import {DetailView} from '../../list/DetailView.js';
import {applyFilter, filterKey, listCommand, matches, type ListPane} from '../../list/list-pane.js';
import {arrayRows} from '../../list/rows.js';
import {useFilter} from '../../list/use-filter.js';
import {useListCursor} from '../../list/use-list-cursor.js';
import {useScroll} from '../../list/use-scroll.js';
import type {PaneContext, PaneController} from '../types.js';
import {timeline as definition} from './definition.js';
import {eventDetail, rewoundLines, timelineRows} from './timeline-rows.js';
import {TimelinePane} from './TimelinePane.js';

const NONE: readonly TimelineEvent[] = [];
const noSignal = () => () => {};
const zero = () => 0;

/** `Mon 02:14, 6 h ago`. */
// A weekday by name from the date's own day, not toLocaleDateString: that builds an ICU date formatter, about 5 MB
// resident for the whole run, to print three letters.
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function lookedAt(t: number, now: number): string {
	const day = WEEKDAYS[new Date(t).getDay()]!;
	const time = new Date(t).toTimeString().slice(0, 5);
	return `${day} ${time}, ${formatDuration(now - t).replace(/(\d+)h\d+m$/, '$1 h').replace(/(\d+)m\d+s$/, '$1 min').replace(/^(\d+)(\.\d)?s$/, '$1 s')} ago`;
}

/**
 * The timeline, newest first under hour headings, with the / language plus kind: and since:. It opens on what
 * changed while opsdeck was closed ("since you last looked") when the start found any; esc shows it all.
 * Churn is left out unless the filter asks for kind:churn.
 */
export function useTimeline(context: PaneContext): PaneController {
	const {width, height, options, say} = context;
	const feed = options.timeline;
	const version = useSyncExternalStore(feed?.timeline.subscribe ?? noSignal, feed?.timeline.getVersion ?? zero);
	const filter = useFilter();
	const [sinceMode, setSinceMode] = useState(feed?.lastLookedAt !== undefined);
	const [detail, setDetail] = useState<TimelineEvent>();
	const [rewound, setRewound] = useState<DetailLine[]>();
	const events = feed?.timeline.events() ?? NONE;
	// An earlier start's finds were made before the last exit: only this start's are what changed since.
	const foundThisStart = (event: TimelineEvent) => event.found === 'start' && event.t >= (feed?.lastLookedAt ?? 0);
	const query = useMemo(() => timelineFilter(filter.text), [filter.text]);
	const shown = useMemo(
		() => events.filter(event => (sinceMode ? foundThisStart(event) : query.asksForChurn || event.kind !== 'churn') && query.match(event)),
		[events, version, sinceMode, query],
	);
	const rows = useMemo(() => arrayRows(timelineRows(shown)), [shown]);
	const heading = sinceMode && feed?.lastLookedAt !== undefined ? `since you last looked (${lookedAt(feed.lastLookedAt, Date.now())}): ${shown.length} ${shown.length === 1 ? 'change' : 'changes'} found at start · esc the whole timeline` : undefined;
	const cursor = useListCursor(rows, heading ? height - 1 : height);
	const lines = useMemo(() => rewound ?? (detail ? eventDetail(detail, feed?.lastLookedAt) : []), [rewound, detail, feed]);
	const scroll = useScroll(lines.length, height);
	// Older pages are read as the cursor nears the end of what is loaded, or while the filter has not yet found a screenful.
	const loaded = events[0]?.t ?? Number.POSITIVE_INFINITY;
	const wantsOlder = !sinceMode && feed?.timeline.more === true && (cursor.index >= rows.length - 2 * height || shown.length < height) && !(query.since !== undefined && loaded < query.since);
	useEffect(() => {
		if (wantsOlder) void feed?.timeline.loadOlder();
	}, [wantsOlder, version]);
	const selected = rows.at(cursor.index);
	const pane: ListPane = {
		filter,
		cursor,
		scroll,
		inDetail: detail !== undefined || rewound !== undefined,
		open: () => setDetail(selected?.selectable ? selected.event : undefined),
		back: () => (rewound ? setRewound(undefined) : detail ? setDetail(undefined) : setSinceMode(false)),
		clearFilter: () => (filter.text ? filter.set('') : setSinceMode(false)),
	};
	const empty = feed?.timeline.problem
		? 'The timeline file could not be opened (see the notice); nothing is kept.'
		: sinceMode
			? 'Nothing found changed since you last looked, so far: providers still loading are compared when they answer.'
			: filter.text
				? `No event matches "${filter.text}". esc clears the filter.`
				: 'Nothing on the timeline yet: changes, jobs, alerts and provider health are kept here as they happen.';

	/** Rebuilds the inventory at the selected event, for the Deltas pane's baseline or to be looked at here. */
	const rewindTo = async (then: 'baseline' | 'view') => {
		const event = selected?.selectable ? selected.event : undefined;
		if (!event || !feed) return;
		const at = localTime(event.t);
		try {
			const result = await rewind(event.t, options, since => feed.timeline.readSince(since));
			if (!result) {
				say(`no snapshot as old as ${at} to rebuild from: rewind reaches back to the oldest snapshot (yours, or the one kept on exit)`, 'warn');
				return;
			}
			if (then === 'baseline') context.go('deltas', {kind: 'baseline', name: `the inventory at ${at}`, savedAt: event.t, resources: result.resources, missing: result.missing});
			else {
				setRewound(rewoundLines(result, at));
				scroll.reset();
			}
		} catch (error) {
			say(`could not rewind to ${at}: ${(error as Error).message}`, 'error');
		}
	};

	return {
		scopes: filter.editing ? definition.scopes.filter : detail || rewound ? definition.scopes.detail : definition.scopes.list,
		handleKey(binding, name) {
			if (filter.editing) return filterKey(pane, binding, name);
			if (binding?.command === 'rewindBaseline' || binding?.command === 'rewindView') {
				void rewindTo(binding.command === 'rewindBaseline' ? 'baseline' : 'view');
				return true;
			}
			return binding ? listCommand(pane, binding.command) : false;
		},
		status: query.problem ? {text: query.problem, level: 'warn'} : filter.text ? {text: `filter "${filter.text}": ${matches(shown.length)} · / edit · esc clear`, level: 'info'} : undefined,
		editing: filter.editing ? {prompt: '/', text: filter.text} : undefined,
		badge: sinceMode && shown.length > 0 ? `(${shown.length})` : undefined,
		leave: () => {
			setDetail(undefined);
			setRewound(undefined);
		},
		accept(intent) {
			if (intent.kind !== 'filter') return false;
			setSinceMode(false);
			applyFilter(pane, intent.text);
			return true;
		},
		body: detail || rewound ? (
			<DetailView lines={lines} start={scroll.start} height={height} width={width} />
		) : (
			<TimelinePane rows={rows} cursor={cursor.index} start={cursor.start} height={height} width={width} heading={heading} empty={empty} />
		),
	};
}
