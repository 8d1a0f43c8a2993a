import {CONFIG_DEFAULTS} from '../../../source/config.js';
import {fitCopy} from '../../../source/clipboard.js';
import {saveLog} from '../../../source/log-export.js';
import type {LogSession} from '../../../source/logs.js';
import type {LogLine} from '../../../source/provider.js';
import {useChoiceMenu} from '../../components/ChoiceMenu.js';
import {useFilter} from '../../list/use-filter.js';
import type {PaneContext, PaneController} from '../types.js';
import {logs as definition} from './definition.js';
import {firstLine, logMatcher, type LogView} from './log-rows.js';
import {LogsPane} from './LogsPane.js';
import {useLogs} from './use-logs.js';

const linesWord = (count: number) => `${count} ${count === 1 ? 'line' : 'lines'}`;

function kept(session: LogSession, keep: (line: LogLine) => boolean): LogLine[] {
	const lines: LogLine[] = [];
	for (let i = 0; i < session.ring.size; i++) {
		const line = session.ring.at(i)!;
		if (keep(line)) lines.push(line);
	}
	return lines;
}

/** The line `y` copies with no filter: the top one on screen while paused, the newest while following. */
function selectedLine(session: LogSession, view: LogView): LogLine | undefined {
	const {ring} = session;
	return view.follow ? ring.at(ring.size - 1) : ring.at(Math.max(view.top, firstLine(ring)) - firstLine(ring));
}

/** The logs pane: the open log, its keys, its filter, saving and copying it. */
export function useLogsPane(context: PaneContext): PaneController {
	const {width, height, say} = context;
	const logs = useLogs(context.providers, context.options.logLines ?? CONFIG_DEFAULTS.logLines);
	// Words every shown line must hold (`!word`: must not); the ring keeps every line either way.
	const filter = useFilter();
	const menu = useChoiceMenu(width);
	const {session} = logs;
	const title = (open: LogSession) => (open.resources.length === 1 ? open.resource.name : `merged-${open.resources.length}`);

	const save = (open: LogSession, all: boolean) => {
		const {stateDir} = context.options;
		if (!stateDir) return;
		const keep = all || !filter.text ? undefined : logMatcher(filter.text);
		void saveLog(stateDir, title(open), open.ring, {keep}).then(
			({file, lines}) => say(`saved ${linesWord(lines)}${keep ? ` (filter "${filter.text}")` : ''} to ${file}`, 'ok'),
			(error: Error) => say(`could not save the log: ${error.message}`, 'error'),
		);
	};
	const copyLines = (open: LogSession, lines: readonly LogLine[], what: string) => {
		if (lines.length === 0) {
			say('no line to copy', 'warn');
			return;
		}
		const {text, dropped} = fitCopy(lines.map(line => line.text));
		context.copy(text, dropped > 0 ? `the newest ${linesWord(lines.length - dropped)} of ${what} (${dropped} older would not fit)` : `${linesWord(lines.length)} of ${what}`);
	};
	const copy = (open: LogSession) => {
		if (filter.text) copyLines(open, kept(open, logMatcher(filter.text)), `${title(open)} matching "${filter.text}"`);
		else copyLines(open, [selectedLine(open, logs.view)].filter(line => line !== undefined), title(open));
	};

	return {
		scopes: menu.scopes ?? (filter.editing ? definition.scopes.filter : session ? definition.scopes.open : definition.scopes.empty),
		handleKey(binding, name) {
			if (menu.handleKey(binding)) return true;
			const command = binding?.command;
			if (filter.editing) {
				filter.handleKey(binding, name);
				return true;
			}
			if (!command) return false;
			// One row of the body is the log's status line.
			if (logs.command(command, height - 1)) return true;
			switch (command) {
				case 'filter':
					filter.edit();
					return true;
				case 'clearFilter':
					filter.set('');
					return true;
				case 'logSave':
				case 'logSaveAll':
					if (session) save(session, command === 'logSaveAll');
					return true;
				case 'logCopy':
					if (session) copy(session);
					return true;
				case 'logMenu':
					if (!session) return true;
					menu.open('Log', [
						...(context.options.stateDir
							? [
								{label: filter.text ? `save the lines the filter shows ("${filter.text}")` : 'save the lines shown', run: () => save(session, false)},
								{label: `save every line kept (${session.ring.size})`, run: () => save(session, true)},
							]
							: []),
						{label: filter.text ? 'copy the lines the filter shows' : logs.view.follow ? 'copy the newest line' : 'copy the top line', run: () => copy(session)},
						{label: `copy every line kept (${session.ring.size})`, run: () => copyLines(session, kept(session, () => true), title(session))},
					]);
					return true;
				default:
					return false;
			}
		},
		editing: filter.editing ? {prompt: '/', text: filter.text} : undefined,
		accept(intent) {
			if (intent.kind !== 'open') return true;
			const problem = logs.open(intent.resources, intent.from);
			if (problem) say(problem, 'warn');
			// A newly opened log starts unfiltered.
			else filter.set('');
			return problem === undefined;
		},
		body: menu.over(<LogsPane session={logs.session} view={logs.view} filter={filter.text} width={width} height={height} />, height),
	};
}
