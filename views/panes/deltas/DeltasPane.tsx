import {Box, Text} from 'ink';
import type {Theme} from '../../../themes/index.js';
import {INPUT_HEIGHT, InputPrompt} from '../../components/InputPrompt.js';
import {feedLine, type DeltaTone} from './delta-lines.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';
import {lineRows} from '../../list/rows.js';
import {selectedStyle, WindowedList} from '../../list/WindowedList.js';
import {CHOOSER_ROWS, type DeltasState} from './use-deltas.js';

function toneColour(theme: Theme, tone: DeltaTone): Theme['ok'] {
	return {added: theme.ok, removed: theme.error, changed: theme.warn, heading: theme.accent, plain: theme.text}[tone];
}

function Line({tone, text, width, selected}: {tone: DeltaTone; text: string; width: number; selected?: boolean}) {
	const theme = useTheme();
	return (
		<Text
			bold={tone === 'heading'}
			underline={tone === 'heading' && !theme.colour}
			{...selectedStyle(theme, selected === true, toneColour(theme, tone))}
			wrap="truncate"
		>
			{fit(text, width)}
		</Text>
	);
}

function baselineTitle(state: DeltasState): string {
	const {baseline} = state;
	if (baseline.kind === 'snapshot') return `Since snapshot ${baseline.name} (${new Date(baseline.savedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC)`;
	if (baseline.kind === 'rewound') return `Since ${baseline.name}, rewound from the timeline`;
	return 'Since opsdeck started';
}

/** Added, removed, drifted and state-changed resources against the baseline, the field-level diff, and the feed. */
export function DeltasPane({state, width, height}: {state: DeltasState; width: number; height: number}) {
	const theme = useTheme();
	const inner = width - 2;
	if (state.detailLines.length > 0) {
		return (
			<Box flexDirection="column" height={height} paddingX={1}>
				<WindowedList rows={lineRows(state.detailLines)} start={state.detailStart} height={height} cursor={-1} row={({line}) => <Line tone={line.tone} text={line.text} width={inner} />} />
			</Box>
		);
	}
	const promptRows = state.prompt === undefined ? 0 : INPUT_HEIGHT;
	const chooserRows = state.chooser ? Math.min(state.chooser.rows.length, CHOOSER_ROWS) + 3 : 0;
	const {result, rows} = state;
	const counts = result ? `${result.counts.added} added · ${result.counts.removed} removed · ${result.counts.modified} modified · ${result.counts.state} state changed` : '';
	const empty =
		state.baseline.kind === 'start' && state.captured === 0
			? 'Waiting for the providers’ first full read, the baseline to compare with.'
			: 'No changes: the inventory matches the baseline. b compares with a snapshot; S saves one.';
	const listRows = Math.max(0, state.listHeight - promptRows - chooserRows);
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			<Text wrap="truncate">
				<Text bold color={theme.accent}>
					{baselineTitle(state)}
				</Text>
				<Text color={theme.muted}>{counts ? `  ${counts}` : ''}</Text>
			</Text>
			<Box flexDirection="column" height={listRows}>
				{rows.length > 0 ? (
					<WindowedList rows={rows} start={state.start} height={listRows} cursor={state.index} row={(row, selected) => <Line tone={row.tone} text={row.text} width={inner} selected={selected} />} />
				) : (
					<Text color={theme.muted} wrap="truncate">
						{fit(empty, inner)}
					</Text>
				)}
			</Box>
			{state.feed ? (
				<Box flexDirection="column" height={state.feedHeight}>
					<Line tone="heading" text={`Change feed since start (${state.feed.length})`} width={inner} />
					{state.feed.length === 0 ? (
						<Text color={theme.muted}>Nothing has appeared, disappeared or changed yet.</Text>
					) : (
						state.feed.slice(0, state.feedHeight - 1).map((entry, i) => <Line key={`${entry.time}:${entry.id}:${i}`} {...feedLine(entry)} width={inner} />)
					)}
				</Box>
			) : null}
			{state.chooser ? (
				<Box borderStyle="round" borderColor={theme.accent} flexDirection="column" width={inner} height={chooserRows} paddingX={1}>
					<Text wrap="truncate">Compare with:</Text>
					<WindowedList
						rows={state.chooser.rows}
						start={state.chooser.start}
						height={CHOOSER_ROWS}
						cursor={state.chooser.index}
						row={(choice, selected) => <Line tone="plain" text={choice.label} width={inner - 4} selected={selected} />}
					/>
				</Box>
			) : null}
			{state.prompt !== undefined ? (
				<InputPrompt prompt="Save the inventory as a snapshot named (letters, digits, . - _):" typed={state.prompt} width={inner} />
			) : null}
		</Box>
	);
}
