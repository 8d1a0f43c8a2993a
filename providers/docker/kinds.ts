import {listText, metric, numeric, text} from '../../source/column-values.js';
import {formatBytes, formatDuration, formatPercent} from '../../source/format.js';
import {STATE_COLUMN, type ProviderKinds} from '../../source/kinds.js';
import type {Resource} from '../../source/model.js';
import {COMPOSE_PROJECT, projectMembers, projectOf} from './compose.js';
import {dockerRules} from './rules.js';

/** "up 3m", "exited (137)" or "created": what `docker ps` says in its STATUS column, from the inspected times. */
function containerStatus(r: Resource): string {
	if (r.state === 'running' || r.state === 'paused') {
		const started = Date.parse(String(r.attributes.startedAt));
		return Number.isNaN(started) ? r.state : `up ${formatDuration(Date.now() - started)}`;
	}
	// The engine reports exit code 0 for a container that never ran (created) too; only an exit has a code to show.
	return r.state !== 'exited' || r.attributes.exitCode === null || r.attributes.exitCode === undefined ? r.state : `exited (${text(r.attributes.exitCode)})`;
}

function containerTrouble(resource: Resource): string | undefined {
	if (resource.attributes.health === 'unhealthy') return 'health check failing';
	switch (resource.state) {
		case 'exited': {
			const code = resource.attributes.exitCode;
			return typeof code === 'number' && code !== 0 ? `exited (${code})` : undefined;
		}
		case 'dead':
		case 'restarting':
			return resource.state;
		default:
			return undefined;
	}
}

/** Which engine a row is on, where a group holds more than one engine's rows. */
const ENGINE_COLUMN = {title: 'ENGINE', width: 10, value: (r: Resource) => r.scope, onlyWhereItVaries: true};

// Labels are the Docker resources' tags; a label is where images and compose files put configuration.
const LABELS = {tags: true} as const;

export const dockerKinds: ProviderKinds = {
	provider: 'docker',
	// Each engine reports its own status (`docker:NAME`); with several, the summaries count them under one line.
	fleet: {noun: 'engines', parentOf: status => (status.startsWith('docker:') ? 'docker' : undefined)},
	defaults: {
		// A Docker resource's scope is its engine's name.
		qualifiers: {engine: r => r.scope},
		secrets: LABELS,
	},
	kinds: {
		container: {
			plural: 'containers',
			// Containers of one compose project belong together, as `docker compose ps` shows them.
			subgroup: r => {
				const project = projectOf(r);
				return project && `compose ${project}`;
			},
			trouble: containerTrouble,
			// health, exit code, the OOM flag and why it stopped describe how the container is running, not how it is configured;
			// `created` changes on every recreate. A recreated container is the same one: same engine, same name.
			drift: {
				volatile: ['health', 'exitCode', 'oomKilled', 'oomAwaited', 'created', 'stoppedOnPurpose', 'stoppedWithEngine', 'errorSpike', 'errorSpikeFrom'],
				keyed: ['env'],
				identity: r => `${r.provider}:${r.scope}:${r.type}:name:${r.name}`,
			},
			restore: {verb: 'remove', ending: ['removing', 'dead']},
			secrets: {...LABELS, keyedLists: ['env'], text: ['command']},
			columns: [
				STATE_COLUMN,
				ENGINE_COLUMN,
				{title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu'), sortKey: 'C'},
				{title: 'MEM', width: 9, align: 'right', value: r => (r.metrics.memoryUsed === undefined ? '' : formatBytes(r.metrics.memoryUsed)), sortValue: metric('memoryUsed'), sortKey: 'E'},
				{title: 'HEALTH', width: 9, value: r => text(r.attributes.health)},
				{title: 'STATUS', width: 12, value: containerStatus},
				{title: 'RST', width: 3, align: 'right', value: r => text(r.attributes.restartCount), sortValue: numeric('restartCount')},
				{title: 'IMAGE', width: 20, value: r => text(r.attributes.image)},
				{title: 'PORTS', width: 16, value: r => listText(r.attributes.ports)},
			],
		},
		image: {
			plural: 'images',
			// Which containers use an image is their business, not the image's.
			drift: {volatile: ['containers']},
			columns: [
				STATE_COLUMN,
				ENGINE_COLUMN,
				{title: 'SIZE', width: 9, align: 'right', value: r => formatBytes(Number(r.attributes.size)), sortValue: numeric('size'), sortKey: 'Z'},
				{title: 'TAGS', width: 30, value: r => listText(r.attributes.repoTags)},
			],
		},
		volume: {
			plural: 'volumes',
			columns: [STATE_COLUMN, ENGINE_COLUMN, {title: 'DRIVER', width: 8, value: r => text(r.attributes.driver)}, {title: 'MOUNTPOINT', width: 30, value: r => text(r.attributes.mountpoint)}],
		},
		[COMPOSE_PROJECT]: {
			plural: 'projects',
			// Its containers' states and count are theirs to report, as state changes and drift of each container.
			drift: {volatile: ['containers', 'running', 'counts']},
			derivedState: true,
			// A project action is one job per container of the project.
			members: projectMembers,
			columns: [
				{...STATE_COLUMN, width: 24},
				ENGINE_COLUMN,
				{title: 'CONTAINERS', width: 10, align: 'right', value: r => text(r.attributes.containers), sortValue: numeric('containers')},
				{title: 'RUNNING', width: 7, align: 'right', value: r => text(r.attributes.running), sortValue: numeric('running')},
				{title: 'SERVICES', width: 30, value: r => listText(r.attributes.services)},
			],
		},
		network: {
			plural: 'networks',
			columns: [STATE_COLUMN, ENGINE_COLUMN, {title: 'DRIVER', width: 8, value: r => text(r.attributes.driver)}, {title: 'SUBNETS', width: 20, value: r => listText(r.attributes.subnets)}],
		},
	},
	rules: () => dockerRules(),
};
