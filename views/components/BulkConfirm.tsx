import {Box, Text} from 'ink';
import {nameList, type BulkPlan} from '../bulk.js';
import {useTheme} from '../theme-context.js';

export const BULK_CONFIRM_HEIGHT = 5;

/** One confirmation for an action on every marked resource; a typed one asks for the number of targets. */
export function BulkConfirm({plan, width}: {plan: BulkPlan; width: number}) {
	const theme = useTheme();
	const count = plan.targets.length;
	const label = plan.targets[0]!.action.label;
	return (
		<Box borderStyle="round" borderColor={theme.warn} flexDirection="column" width={width} height={BULK_CONFIRM_HEIGHT} paddingX={1}>
			<Text wrap="truncate">
				<Text bold>
					{plan.id} {count} marked {count === 1 ? 'resource' : 'resources'}
				</Text>
				{` (${label}…): ${nameList(plan.targets.map(t => t.resource))}`}
			</Text>
			<Text color={theme.muted} wrap="truncate">
				{plan.skipped.length > 0 ? `skipped, no ${plan.id} action: ${nameList(plan.skipped)}` : `one job per resource`}
			</Text>
			{plan.confirm === 'typed' ? (
				<Text wrap="truncate">
					Type <Text bold>{count}</Text> to go ahead (esc cancels): <Text color={theme.warn}>{'> '}</Text>
					{plan.typed}
					<Text inverse> </Text>
				</Text>
			) : (
				<Text color={theme.muted}>y yes · n or esc no</Text>
			)}
		</Box>
	);
}
