import {countsBytes, formatBytes, formatDuration} from '../source/format.js';
import {kindOf} from '../source/kinds.js';
import type {Job} from '../source/jobs.js';
import type {AttributeValue, Resource} from '../source/model.js';
import type {Related} from '../source/relations.js';
import {CHARTED_METRICS} from '../source/metric-history.js';
import {hideDigests} from '../source/secrets.js';
import {sparkline} from './sparkline.js';

export interface DetailLine {
	text: string;
	/** `match`: a line a search found; `selected`: the related item the highlight is on. */
	style: 'title' | 'heading' | 'plain' | 'chart' | 'error' | 'match' | 'selected';
}

function show(key: string, value: AttributeValue | undefined): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'number' && countsBytes(key)) return `${formatBytes(value)} (${value})`;
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** A non-empty list of strings (a security group's rules), one item a line under its key. */
function listLines(key: string, value: AttributeValue): Array<[string, string]> | undefined {
	if (!Array.isArray(value) || value.length === 0 || !value.every(item => typeof item === 'string')) return undefined;
	return value.map((item, i) => [i === 0 ? key : '', item as string]);
}

function section(lines: DetailLine[], heading: string, entries: Array<[string, string]>): void {
	if (entries.length === 0) return;
	lines.push({text: '', style: 'plain'}, {text: heading, style: 'heading'});
	const width = Math.min(24, Math.max(...entries.map(([key]) => key.length)) + 2);
	// A hidden value's digest is for telling a changed secret from an unchanged one, not for a shared screen.
	for (const [key, value] of entries) lines.push({text: `  ${key.padEnd(width)}${key.length >= width ? '  ' : ''}${hideDigests(value)}`, style: 'plain'});
}

function metricText(key: string, value: number): string {
	if (countsBytes(key)) return formatBytes(value);
	if (key === 'uptime') return formatDuration(value * 1000);
	if (key.startsWith('load')) return value.toFixed(2);
	return Number.isInteger(value) ? String(value) : `${value.toFixed(1)}${key === 'cpu' || key === 'memory' || key.endsWith('Percent') ? '%' : ''}`;
}

/** Every attribute, tag and metric of a resource, with the CPU and memory history drawn as sparklines. */
export function resourceDetail(resource: Resource, history: (metric: string) => readonly number[], width: number): DetailLine[] {
	const lines: DetailLine[] = [
		{text: `${resource.name}  (${resource.provider} / ${resource.type})`, style: 'title'},
		{text: `  id     ${resource.id}`, style: 'plain'},
		{text: `  state  ${resource.state}`, style: 'plain'},
	];
	const charts = CHARTED_METRICS.map(metric => ({metric, samples: history(metric)})).filter(chart => chart.samples.length > 0);
	if (charts.length > 0) {
		lines.push({text: '', style: 'plain'}, {text: 'History', style: 'heading'});
		const chartWidth = Math.max(10, Math.min(60, width - 24));
		for (const {metric, samples} of charts) {
			// The history holds readings to a hundredth; the label shows the resource's own.
			const last = resource.metrics[metric] ?? samples.at(-1) ?? 0;
			lines.push({text: `  ${metric.padEnd(8)}${sparkline(samples, chartWidth).padEnd(chartWidth)} ${last.toFixed(1)}%`, style: 'chart'});
		}
	}
	section(lines, 'Attributes', Object.entries(resource.attributes).flatMap(([key, value]): Array<[string, string]> => listLines(key, value) ?? [[key, show(key, value)]]));
	section(lines, 'Tags', Object.entries(resource.tags).map(([key, value]) => [key, value]));
	section(lines, 'Metrics', Object.entries(resource.metrics).map(([key, value]) => [key, metricText(key, value)]));
	return lines;
}

/**
 * The detail with its related resources after everything else, one a line under what each is to this one, the
 * highlighted one marked; `first` is the line of the first, for scrolling to the highlighted one.
 */
export function withRelated(lines: readonly DetailLine[], related: readonly Related[], highlighted: number): {lines: DetailLine[]; first: number} {
	if (related.length === 0) return {lines: [...lines], first: -1};
	const width = Math.min(24, Math.max(...related.map(({label}) => label.length)) + 2);
	const entries = related.map(({label, resource}, i): DetailLine => {
		const key = i === 0 || related[i - 1]!.label !== label ? label : '';
		const what = `${resource.name}${resource.name === resource.nativeId ? '' : ` (${resource.nativeId})`}  ${resource.type}  ${kindOf(resource).brief?.(resource) ?? resource.state}`;
		return {text: `${i === highlighted ? '› ' : '  '}${key.padEnd(width)}${what}`, style: i === highlighted ? 'selected' : 'plain'};
	});
	return {lines: [...lines, {text: '', style: 'plain'}, {text: 'Related  ([ ] choose · enter opens)', style: 'heading'}, ...entries], first: lines.length + 2};
}

export function jobDetail(job: Job): DetailLine[] {
	const lines: DetailLine[] = [{text: `job ${job.id}: ${job.label}`, style: 'title'}];
	section(lines, 'Job', [
		['state', job.state],
		['action', job.action],
		['provider', job.provider],
		['target', `${job.target} (${job.targetId})`],
		['queued', new Date(job.queuedAt).toISOString()],
		['started', job.startedAt ? new Date(job.startedAt).toISOString() : '—'],
		['ended', job.endedAt ? new Date(job.endedAt).toISOString() : '—'],
		['result', job.message ?? '—'],
	]);
	if (job.error) lines.push({text: '', style: 'plain'}, {text: 'Error', style: 'heading'}, {text: `  ${job.error}`, style: 'error'});
	return lines;
}
