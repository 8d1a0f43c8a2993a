import {metric, text} from '../../source/column-values.js';
import {formatBytes, formatDuration, formatPercent} from '../../source/format.js';
import {STATE_COLUMN, type ProviderKinds} from '../../source/kinds.js';

const PREFIX = 'prometheus:';

/** A host read through Prometheus: the same columns as the local host, and the server it was read from. */
export const prometheusKinds: ProviderKinds = {
	provider: 'prometheus',
	// Each target reports a status of its own, under its server's: the header counts them rather than listing them.
	fleet: {noun: 'hosts', parentOf: status => (status.startsWith(PREFIX) && status.includes('/') ? status.slice(0, status.indexOf('/')) : undefined)},
	kinds: {
		host: {
			plural: 'hosts',
			columns: [
				STATE_COLUMN,
				{title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu'), sortKey: 'C'},
				{title: 'MEM%', width: 6, align: 'right', value: r => formatPercent(r.metrics.memory), sortValue: metric('memory'), sortKey: 'M', sortName: 'memory'},
				{title: 'LOAD', width: 5, align: 'right', value: r => r.metrics.load1?.toFixed(2) ?? '', sortValue: metric('load1'), sortKey: 'L'},
				{title: 'UPTIME', width: 8, align: 'right', value: r => (r.metrics.uptime === undefined ? '' : formatDuration(r.metrics.uptime * 1000)), sortValue: metric('uptime'), sortKey: 'A'},
				{title: 'MEM', width: 9, align: 'right', value: r => (r.metrics.memoryUsed === undefined ? '' : formatBytes(r.metrics.memoryUsed)), sortValue: metric('memoryUsed'), sortKey: 'E'},
				{title: 'INSTANCE', width: 21, value: r => text(r.attributes.instance)},
			],
			trouble: r => (r.state === 'down' ? 'target down' : undefined),
			// Usage and rates move every scrape; what a host is does not.
			drift: {volatile: ['filesystems', 'interfaces']},
			qualifiers: {engine: r => text(r.attributes.server)},
		},
	},
};
