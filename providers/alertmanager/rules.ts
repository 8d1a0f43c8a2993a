import type {ResourceRule} from '../../source/alerts/types.js';
import {SEVERITIES, type Severity} from '../../source/alerts/types.js';
import type {Resource} from '../../source/model.js';
import {ALERT} from './resources.js';

/** Alertmanager's severity labels are a convention, not a schema: the common spellings, onto opsdeck's five. */
const SEVERITY_LABELS: Readonly<Record<string, Severity>> = {
	critical: 'critical',
	page: 'critical',
	emergency: 'critical',
	error: 'high',
	high: 'high',
	major: 'high',
	warning: 'medium',
	warn: 'medium',
	medium: 'medium',
	minor: 'low',
	low: 'low',
	info: 'info',
	informational: 'info',
	none: 'info',
};

/** An alert without a severity label reads as a warning, the level most rule sets leave unsaid. */
export function severityOf(resource: Resource): Severity {
	return SEVERITY_LABELS[String(resource.attributes.severity).toLowerCase()] ?? 'medium';
}

/**
 * Each firing Alertmanager alert is an opsdeck alert of its own severity, so it sorts, counts and notifies beside
 * opsdeck's. A rule carries one severity, hence one rule per severity, `alertmanager.critical` to
 * `alertmanager.info`: the engine keys an alert by rule and resource, so they need ids of their own. Silenced and
 * inhibited alerts are not firing: silencing one resolves it here.
 */
export function alertmanagerRules(): ResourceRule[] {
	return SEVERITIES.map(severity => ({
		id: `alertmanager.${severity}`,
		severity,
		kind: 'alert',
		forMs: 0,
		types: [ALERT],
		test: resource => (resource.state === 'firing' && severityOf(resource) === severity ? alertMessage(resource) : undefined),
	}));
}

function alertMessage(resource: Resource): string {
	const summary = String(resource.attributes.summary ?? '');
	return summary ? `${resource.name}: ${summary}` : resource.name;
}
