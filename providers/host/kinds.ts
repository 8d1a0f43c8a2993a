import {metric, numeric, text} from '../../source/column-values.js';
import {formatBytes, formatDuration, formatPercent} from '../../source/format.js';
import {STATE_COLUMN, type Column, type ProviderKinds} from '../../source/kinds.js';
import {hostRules, hostThresholds} from './rules.js';

const cpu: Column = {title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu'), sortKey: 'C'};
const memory: Column = {title: 'MEM%', width: 6, align: 'right', value: r => formatPercent(r.metrics.memory), sortValue: metric('memory'), sortKey: 'M', sortName: 'memory'};

/** The machine first, then what it holds. */
export const hostKinds: ProviderKinds = {
	provider: 'host',
	kinds: {
		host: {
			groupOrder: 0,
			plural: 'hosts',
			columns: [
				STATE_COLUMN,
				cpu,
				memory,
				{title: 'LOAD', width: 5, align: 'right', value: r => r.metrics.load1?.toFixed(2) ?? '', sortValue: metric('load1'), sortKey: 'L'},
				{title: 'UPTIME', width: 8, align: 'right', value: r => formatDuration((r.metrics.uptime ?? 0) * 1000), sortValue: metric('uptime'), sortKey: 'A'},
				{title: 'OS', width: 20, value: r => text(r.attributes.os), sortKey: 'O'},
			],
		},
		filesystem: {
			groupOrder: 1,
			plural: 'filesystems',
			columns: [
				{title: 'USED%', width: 6, align: 'right', value: r => formatPercent(r.metrics.usedPercent), sortValue: metric('usedPercent'), sortKey: 'F'},
				{title: 'SIZE', width: 9, align: 'right', value: r => formatBytes(Number(r.attributes.size)), sortValue: numeric('size'), sortKey: 'Z'},
				{title: 'TYPE', width: 8, value: r => text(r.attributes.fsType), sortKey: 'Y', sortName: 'fstype'},
				{title: 'DEVICE', width: 18, value: r => text(r.attributes.device), sortKey: 'V'},
			],
		},
		interface: {
			groupOrder: 2,
			plural: 'interfaces',
			columns: [
				{...STATE_COLUMN, width: 8},
				{title: 'IPV4', width: 15, value: r => text(r.attributes.ip4), sortKey: 'I'},
				{title: 'MAC', width: 17, value: r => text(r.attributes.mac), sortKey: 'H'},
			],
		},
		process: {
			groupOrder: 3,
			plural: 'processes',
			// Busiest first, as in top and htop: the process list is where people look for what is eating the machine.
			naturalOrder: (a, b) => (b.metrics.cpu ?? 0) - (a.metrics.cpu ?? 0),
			sampledState: true,
			churns: true,
			drift: {volatile: ['started']},
			secrets: {text: ['command', 'params']},
			columns: [
				{title: 'PID', width: 7, align: 'right', value: r => text(r.attributes.pid), sortValue: numeric('pid'), sortKey: 'P'},
				{title: 'USER', width: 10, value: r => text(r.attributes.user), sortKey: 'U'},
				cpu,
				memory,
				STATE_COLUMN,
			],
		},
	},
	rules: config => hostRules(hostThresholds(config.host)),
};
