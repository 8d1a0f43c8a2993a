import {Box, Text} from 'ink';
import {nameList, requestLabel, type Pending} from '../../source/action-request.js';
import {TypedLine} from '../components/InputPrompt.js';
import {useTheme} from '../theme-context.js';

/** What the one chosen action will do, shown before it is confirmed (a prune's list); none for a marked set. */
const previewOf = ({request, phase}: Pending): readonly string[] => (phase === 'confirm' && !request.marked ? (request.chosen?.action.preview ?? []) : []);

/** Rows the prompt takes: a marked set names its targets and what it skips on a line of their own. */
export const promptHeight = (pending: Pending): number => (pending.request.marked ? 5 : 4) + previewOf(pending).length;

/** The open request's question: its input line, or its confirmation, for one resource or a marked set. */
export function ActionPrompt({pending, width}: {pending: Pending; width: number}) {
	const theme = useTheme();
	const {request, phase, typed} = pending;
	const answerLine = <TypedLine typed={typed} colour={phase === 'input' ? theme.accent : theme.warn} />;
	const yesNo = <Text color={theme.muted}>y yes · n or esc no</Text>;
	const count = request.targets.length;
	return (
		<Box borderStyle="round" borderColor={phase === 'input' ? theme.accent : theme.warn} flexDirection="column" width={width} height={promptHeight(pending)} paddingX={1}>
			{request.marked ? (
				<Text wrap="truncate">
					<Text bold>
						{request.id} {count} marked {count === 1 ? 'resource' : 'resources'}
					</Text>
					{` (${requestLabel(request)}…): ${nameList(request.targets.map(target => target.resource))}`}
				</Text>
			) : null}
			{previewOf(pending).map((line, i) => (
				<Text key={i} bold={i === 0} color={i === 0 ? theme.warn : theme.text} wrap="truncate">
					{i === 0 ? line : `  ${line}`}
				</Text>
			))}
			{phase === 'input' ? (
				<>
					<Text wrap="truncate">{request.input?.prompt}</Text>
					<Text wrap="truncate">{answerLine}</Text>
				</>
			) : request.marked ? (
				<>
					<Text color={theme.muted} wrap="truncate">
						{skippedNote(pending)}
					</Text>
					{request.confirm === 'typed' ? (
						<Text wrap="truncate">
							Type <Text bold>{request.answer}</Text> to go ahead (esc cancels): {answerLine}
						</Text>
					) : (
						yesNo
					)}
				</>
			) : request.confirm === 'typed' ? (
				<>
					<Text wrap="truncate">
						Type <Text bold>{request.answer}</Text> to {requestLabel(request)} (esc cancels):
					</Text>
					<Text wrap="truncate">{answerLine}</Text>
				</>
			) : (
				<>
					<Text wrap="truncate">
						<Text bold>{capitalise(requestLabel(request))}</Text>?
					</Text>
					{yesNo}
				</>
			)}
		</Box>
	);
}

function skippedNote({request}: Pending): string {
	const skipped = request.skipped.filter(skip => skip.why === 'no-action').map(skip => skip.resource);
	return skipped.length > 0 ? `skipped, no ${request.id} action: ${nameList(skipped)}` : 'one job per resource';
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
