import type {ProviderStatus} from '../model.js';
import type {Store} from '../store.js';
import {AlertEngine} from './engine.js';
import {SEVERITIES, severityRank, type Alert, type RuleSet, type Severity} from './types.js';

export interface CheckReport {
	findings: Alert[];
	counts: Record<Severity, number>;
	providers: Array<Pick<ProviderStatus, 'provider' | 'health' | 'reason'>>;
}

/**
 * Every rule and check over what the store holds now. One collection cannot show a condition holding for a
 * duration, so durations are waived: a check reports what is true at the moment it looked.
 */
export function checkOnce(store: Store, rules: RuleSet): CheckReport {
	const now = <T extends {forMs: number}>(rule: T): T => ({...rule, forMs: 0});
	store.flush();
	const engine = new AlertEngine(store, {resources: rules.resources.map(now), statuses: rules.statuses.map(now)});
	engine.evaluate();
	const findings = engine.list();
	const counts = Object.fromEntries(SEVERITIES.map(severity => [severity, findings.filter(alert => alert.severity === severity).length])) as Record<Severity, number>;
	const providers = store.providerStatuses().map(({provider, health, reason}) => ({provider, health, ...(reason ? {reason} : {})}));
	return {findings, counts, providers};
}

/** Whether any finding is at or above `threshold`. */
export function failsAt(report: CheckReport, threshold: Severity): boolean {
	return report.findings.some(alert => severityRank(alert.severity) <= severityRank(threshold));
}

/** The report as a person reads it in a terminal or a CI log: one line a finding, worst first. */
export function reportText(report: CheckReport): string {
	const lines: string[] = [];
	const counts = SEVERITIES.filter(severity => report.counts[severity] > 0).map(severity => `${report.counts[severity]} ${severity}`);
	lines.push(`opsdeck check: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`);
	for (const status of report.providers) lines.push(`  provider ${status.provider}: ${status.health}${status.reason ? ` (${status.reason})` : ''}`);
	for (const alert of report.findings) {
		lines.push(`${alert.severity.toUpperCase().padEnd(8)} ${alert.rule}${alert.cis ? ` [${alert.cis}]` : ''}: ${alert.resourceName}: ${alert.message}  (${alert.resourceId})`);
	}
	return `${lines.join('\n')}\n`;
}
