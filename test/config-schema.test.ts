import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {configSchema, schemaText} from '../cli/config-schema.js';
import {configValidator} from '../source/config.js';
import {parseFlags} from '../cli/flags.js';
import {resolveSettings, type Settings} from '../cli/settings.js';
import {PROMETHEUS_SETUP} from '../providers/prometheus/settings.js';
import {DEFAULT_THRESHOLDS} from '../source/alerts/thresholds.js';
import {ruleSet} from '../source/alerts/rules.js';
import {isolatedEnv} from './helpers/cli.js';

/** Every `default` the schema publishes, by JSON pointer. */
function publishedDefaults(node: unknown, pointer = ''): Map<string, unknown> {
	const found = new Map<string, unknown>();
	if (typeof node !== 'object' || node === null) return found;
	for (const [key, value] of Object.entries(node)) {
		if (key === 'default') found.set(pointer, value);
		else for (const [at, value_] of publishedDefaults(value, `${pointer}/${key}`)) found.set(at, value_);
	}
	return found;
}

const rule = {name: 'hot', select: 'type:host', field: 'metrics.cpu', op: '>', value: 90, severity: 'high'} as const;

/** What opsdeck applies when the config file leaves each field out, read back from the resolved settings. */
const APPLIED: Record<string, (settings: Settings) => unknown> = {
	'/properties/refresh': settings => settings.refreshMs / 1000,
	'/properties/logs/properties/maxLines': settings => settings.logLines,
	'/properties/clipboard': settings => settings.clipboard,
	'/properties/alerts/properties/cooldown': settings => settings.alerts.cooldownMs / 1000,
	'/properties/alerts/properties/bell': settings => settings.alerts.bell,
	'/properties/alerts/properties/host/properties/cpu': () => DEFAULT_THRESHOLDS.cpu,
	'/properties/alerts/properties/host/properties/memory': () => DEFAULT_THRESHOLDS.memory,
	'/properties/alerts/properties/host/properties/filesystem': () => DEFAULT_THRESHOLDS.filesystem,
	'/properties/alerts/properties/host/properties/for': settings => settings.alerts.rules.resources.find(r => r.id === 'host.cpu')!.forMs / 1000,
	'/properties/alerts/properties/rules/items/properties/for': () => ruleSet({rules: [rule]}).resources.find(r => r.id === 'user.hot')!.forMs / 1000,
	'/properties/docker/properties/resync': settings => settings.provider.docker.resyncMs / 1000,
	'/properties/docker/properties/errorSpikes/properties/max': settings => settings.provider.docker.errorSpikes.max,
	'/properties/docker/properties/errorSpikes/properties/pattern': settings => settings.provider.docker.errorSpikes.pattern.source,
	'/properties/docker/properties/errorSpikes/properties/factor': settings => settings.provider.docker.errorSpikes.factor,
	'/properties/docker/properties/errorSpikes/properties/minRate': settings => settings.provider.docker.errorSpikes.minRate,
	'/properties/docker/properties/errorSpikes/properties/duration': settings => settings.provider.docker.errorSpikes.forMs / 1000,
	'/properties/aws/properties/protectTags': settings => settings.provider.aws.protectTags.map(tag => (tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`)),
	'/properties/aws/properties/refresh': settings => settings.provider.aws.refreshMs / 1000,
	'/properties/timeline/properties/maxAge': settings => settings.timeline.maxAgeMs / 86_400_000,
	'/properties/timeline/properties/maxSize': settings => settings.timeline.maxBytes / 1024 / 1024,
	'/properties/aws/properties/concurrency': settings => settings.provider.aws.concurrency,
	'/properties/aws/properties/cost/properties/enabled': settings => settings.provider.aws.cost.enabled,
	'/properties/aws/properties/cost/properties/refresh': settings => settings.provider.aws.cost.refreshMs / 3_600_000,
	'/properties/aws/properties/cloudTrail': settings => settings.provider.aws.cloudTrail,
	'/properties/alertmanager/properties/interval': settings => settings.provider.alertmanager.intervalMs / 1000,
	'/properties/prometheus/properties/servers/items/properties/timeout': () =>
		PROMETHEUS_SETUP.settings({servers: [{name: 'lab', url: 'http://127.0.0.1:9090'}]}, {flags: {}, env: {}, configFile: 'test'}).servers[0]!.timeoutMs / 1000,
};

describe('the config declaration', () => {
	it('is what schema/config.schema.json publishes (npm run schema rewrites the file)', () => {
		expect(readFileSync(new URL('../schema/config.schema.json', import.meta.url), 'utf8')).toBe(schemaText());
	});

	it('publishes the defaults the settings apply, and every one it publishes is checked here', async () => {
		const settings = await resolveSettings(parseFlags(['info']), isolatedEnv());
		const published = publishedDefaults(configSchema());
		expect([...published.keys()].sort()).toEqual(Object.keys(APPLIED).sort());
		for (const [pointer, value] of published) expect({pointer, value: APPLIED[pointer]!(settings)}).toEqual({pointer, value});
	});
});

describe("the README's config examples", () => {
	it('each passes the schema, so what a user copies from it starts', async () => {
		const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
		const examples = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map(match => match[1]!);
		expect(examples.length).toBeGreaterThan(5);
		const validate = await configValidator(configSchema());
		const refused = examples.flatMap(example => (validate(JSON.parse(example)) ? [] : [`${example.trim().slice(0, 80)}: ${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`]));
		expect(refused).toEqual([]);
	});
});
