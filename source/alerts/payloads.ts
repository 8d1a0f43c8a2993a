import type {Alert, AlertEvent, Severity} from './types.js';

export const CHANNEL_TYPES = ['webhook', 'slack', 'teams', 'discord'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const COLOURS: Record<Severity, number> = {critical: 0xd32f2f, high: 0xf57c00, medium: 0xfbc02d, low: 0x1976d2, info: 0x757575};

/** One line a person reads in a chat: what, where, and whether it is over. */
export function summary({type, alert}: AlertEvent): string {
	const verb = type === 'resolved' ? 'RESOLVED' : type === 'acknowledged' ? 'ACKNOWLEDGED' : alert.severity.toUpperCase();
	const cis = alert.cis ? ` [${alert.cis}]` : '';
	return `[${verb}] ${alert.resourceName}: ${alert.message} (${alert.rule}${cis})`;
}

function details(alert: Alert): string {
	return `resource ${alert.resourceId} · first seen ${new Date(alert.firstSeen).toISOString()} · last seen ${new Date(alert.lastSeen).toISOString()}${alert.occurrences > 1 ? ` · ${alert.occurrences} times` : ''}`;
}

/** The JSON body each kind of incoming webhook accepts. */
export function payload(type: ChannelType, event: AlertEvent): unknown {
	const text = summary(event);
	const colour = event.type === 'resolved' ? 0x388e3c : COLOURS[event.alert.severity];
	switch (type) {
		case 'webhook':
			return {source: 'opsdeck', event: event.type, alert: event.alert};
		case 'slack':
			return {
				text,
				blocks: [
					{type: 'section', text: {type: 'mrkdwn', text: `*${text}*`}},
					{type: 'context', elements: [{type: 'mrkdwn', text: details(event.alert)}]},
				],
			};
		case 'teams':
			return {
				'@type': 'MessageCard',
				'@context': 'https://schema.org/extensions',
				summary: text,
				themeColor: colour.toString(16).padStart(6, '0'),
				title: text,
				text: details(event.alert),
			};
		case 'discord':
			// Discord refuses content over 2,000 characters.
			return {content: text.slice(0, 2000), embeds: [{title: event.alert.rule, description: details(event.alert).slice(0, 4096), color: colour}]};
	}
}
