import {resourceId, type Resource} from '../../source/model.js';
import type {ApiAlert, ApiMatcher, ApiSilence} from './client.js';

export const PROVIDER = 'alertmanager';
export const ALERT = 'alert';
export const SILENCE = 'silence';

/** Alertmanager's state in words a row can show: a suppressed alert is silenced or inhibited, and says which. */
function alertState(alert: ApiAlert): string {
	if (alert.status.state !== 'suppressed') return alert.status.state === 'active' ? 'firing' : alert.status.state;
	return alert.status.silencedBy.length > 0 ? 'silenced' : 'inhibited';
}

/** One alert of one Alertmanager: its labels are its tags, its annotations and times its attributes. */
export function alertResource(server: string, alert: ApiAlert): Resource {
	const {summary, description, runbook_url: runbook, ...annotations} = alert.annotations;
	return {
		id: resourceId(PROVIDER, server, ALERT, alert.fingerprint),
		provider: PROVIDER,
		scope: server,
		type: ALERT,
		nativeId: alert.fingerprint,
		name: alert.labels.alertname ?? alert.fingerprint,
		state: alertState(alert),
		tags: {...alert.labels},
		attributes: {
			severity: alert.labels.severity ?? '',
			summary: summary ?? description ?? '',
			...(description !== undefined && summary !== undefined ? {description} : {}),
			...(runbook ? {runbookUrl: runbook} : {}),
			...annotations,
			startsAt: alert.startsAt,
			...(alert.generatorURL ? {generatorUrl: alert.generatorURL} : {}),
			silencedBy: alert.status.silencedBy,
			inhibitedBy: alert.status.inhibitedBy,
		},
		metrics: {},
	};
}

/** How Alertmanager's own UI writes a matcher: `name="value"`, `=~` for a regex, `!=` and `!~` for negations. */
export function matcherText(matcher: ApiMatcher): string {
	const operator = `${matcher.isEqual === false ? '!' : '='}${matcher.isRegex ? '~' : matcher.isEqual === false ? '=' : ''}`;
	return `${matcher.name}${operator}${JSON.stringify(matcher.value)}`;
}

/** A silence still in force or still to come; an expired one is left out, so expiring one makes it go. */
export function silenceResource(server: string, silence: ApiSilence): Resource {
	const matchers = silence.matchers.map(matcherText).join(',');
	return {
		id: resourceId(PROVIDER, server, SILENCE, silence.id),
		provider: PROVIDER,
		scope: server,
		type: SILENCE,
		nativeId: silence.id,
		name: matchers,
		state: silence.status.state,
		tags: {},
		attributes: {matchers, comment: silence.comment, createdBy: silence.createdBy, startsAt: silence.startsAt, endsAt: silence.endsAt},
		metrics: {},
	};
}
