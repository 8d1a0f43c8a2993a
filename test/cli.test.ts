import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import schema from '../schema/config.schema.json' with {type: 'json'};
import {parseFlags} from '../cli/flags.js';
import {PROVIDER_ENVIRONMENT, PROVIDER_FLAGS} from '../providers/index.js';
import {resolveSettings} from '../cli/settings.js';
import {keyCommands} from '../views/keymap.js';
import {CLI, expectOneLineError, isolatedEnv, runCli} from './helpers/cli.js';

function withConfig(text: string): {env: NodeJS.ProcessEnv; file: string} {
	const env = isolatedEnv();
	const file = path.join(env.XDG_CONFIG_HOME!, 'opsdeck', 'config.json');
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, text);
	return {env, file};
}

describe('flags', () => {
	it('prints help and the version', () => {
		const help = runCli(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('opsdeck info');
		expect(help.stdout).toContain('--read-only, --readonly');
		const version = runCli(['--version']);
		expect(version.code).toBe(0);
		expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
	});

	it("lists the providers' own flags and environment from their setups, and hands the flags over checked", () => {
		const help = runCli(['--help']).stdout;
		for (const flag of PROVIDER_FLAGS) expect(help).toContain(`    --${flag.name} ${flag.value}`.padEnd(31) + flag.help);
		expect(help).toContain(`\n    ${PROVIDER_ENVIRONMENT.join(', ')}\n`);
		expect(parseFlags(['info', '--region', 'all,eu-west-1', '--profile', 'a', '--profile', 'b,a']).providerFlags).toEqual({profile: ['a', 'b'], region: ['all', 'eu-west-1']});
		expect(parseFlags(['info']).providerFlags).toEqual({});
	});

	it('accepts the example config the README shows', () => {
		const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
		const example = readme.slice(readme.indexOf('## Config')).match(/```json\n([\s\S]*?)```/)?.[1];
		expect(example).toBeDefined();
		const env = isolatedEnv();
		const file = path.join(env.HOME!, 'example.json');
		writeFileSync(file, example!);
		const result = runCli(['info', '--config', file], env);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
	});

	it('rejects an unknown flag in one line, exit 2', () => {
		expectOneLineError(runCli(['--frobnicate']), /^opsdeck: unknown flag --frobnicate; run opsdeck --help/);
		expectOneLineError(runCli(['-z']), /^opsdeck: unknown flag -z;/);
	});

	it('rejects bad values in one line that says what is allowed', () => {
		expectOneLineError(runCli(['--theme', 'neon']), /^opsdeck: --theme must be one of dark, light, high-contrast, mono \(got "neon"\)$/);
		expectOneLineError(runCli(['--refresh', 'fast']), /^opsdeck: --refresh must be a number of seconds from 0\.5 to 3600 \(got "fast"\)$/);
		expectOneLineError(runCli(['--view', 'pods']), /^opsdeck: --view must be one of inventory, deltas, logs, alerts, jobs/);
		expectOneLineError(runCli(['--providers', 'host,k8s']), /^opsdeck: --providers must be one of host, docker, aws, alertmanager, prometheus \(got "k8s"\)$/);
		expectOneLineError(runCli(['--theme', 'dark', '--theme', 'light', 'info']), /^opsdeck: The flag --theme can only be set once; give it once$/);
		expectOneLineError(runCli(['launch']), /^opsdeck: unknown command "launch"/);
		expectOneLineError(runCli(['--filter', '"prod pay']), /^opsdeck: --filter has an unclosed quote/);
		expect(() => parseFlags(['--theme'])).toThrow(/^--theme needs a value; a value starting with a dash goes as --theme=VALUE$/);
		expect(() => parseFlags(['--refresh', '-1'])).toThrow(/^--refresh needs a value/);
		expect(() => parseFlags(['--json=yes', 'check'])).toThrow(/^--json takes no value$/);
	});

	it('takes --no- before a switch, and a value with a dash after =', () => {
		expect(parseFlags(['info', '--no-read-only']).readOnly).toBe(false);
		expect(() => parseFlags(['--refresh=-1'])).toThrow(/^--refresh must be a number of seconds from 0\.5 to 3600 \(got "-1"\)$/);
	});

	it('takes --filter over the config file\'s filter', () => {
		const {env} = withConfig(JSON.stringify({filter: 'provider:docker'}));
		expect(runCli(['info'], env).stdout).toMatch(/filter\s+provider:docker/);
		expect(runCli(['info', '--filter', 'state:running !tag:Env=dev'], env).stdout).toMatch(/filter\s+state:running !tag:Env=dev/);
	});

	it('takes --read-only and --readonly alike, and OPSDECK_READ_ONLY=1', async () => {
		expect(runCli(['info', '--read-only']).stdout).toMatch(/read-only\s+yes \(from --read-only\)/);
		expect(runCli(['info', '--readonly']).stdout).toMatch(/read-only\s+yes \(from --read-only\)/);
		expect(runCli(['info'], isolatedEnv({OPSDECK_READ_ONLY: '1'})).stdout).toMatch(/read-only\s+yes \(from OPSDECK_READ_ONLY\)/);
		// A value it does not recognise errs on the safe side.
		expect(runCli(['info'], isolatedEnv({OPSDECK_READ_ONLY: 'enabled'})).stdout).toMatch(/read-only\s+yes/);
		expect(runCli(['info'], isolatedEnv({OPSDECK_READ_ONLY: '0'})).stdout).toMatch(/read-only\s+no/);
		// A config that opens on-call makes the dashboard read-only, and nothing else.
		const configured = isolatedEnv();
		mkdirSync(path.join(configured.XDG_CONFIG_HOME!, 'opsdeck'), {recursive: true});
		writeFileSync(path.join(configured.XDG_CONFIG_HOME!, 'opsdeck', 'config.json'), JSON.stringify({view: 'oncall'}));
		expect(runCli(['info'], configured).stdout).toMatch(/read-only\s+yes \(from config \(view: oncall\)\)/);
		expect((await resolveSettings(parseFlags(['restore', '--snapshot', 'x', '--confirm']), configured)).readOnly).toBe(false);
		const onCall = runCli(['info', '--view', 'oncall']).stdout;
		expect(onCall).toMatch(/read-only\s+yes \(from --view oncall\)/);
		expect(onCall).toMatch(/view\s+oncall \(read-only on-call view\)/);
		expect(runCli(['info']).stdout).toMatch(/read-only\s+no/);
	});

	it('starts Node with its V8 settings when run as a program, also through the link npm makes to it', () => {
		const env = isolatedEnv();
		const linked = path.join(env.HOME!, 'bin', 'opsdeck');
		mkdirSync(path.dirname(linked));
		symlinkSync(CLI, linked);
		for (const program of [CLI, linked]) {
			const result = spawnSync(program, ['info'], {env, encoding: 'utf8'});
			expect(result.stderr).toBe('');
			expect(result.stdout).toMatch(/^node\s+v\d+\S* --max-semi-space-size=1 --v8-pool-size=1$/m);
		}
		// Run by node itself, the launcher's line is only a string and a comment.
		expect(runCli(['info']).stdout).toMatch(/^node\s+v\d+\S*$/m);
	});

	it('refuses to open the dashboard without a terminal, in one line', () => {
		expectOneLineError(runCli([]), /^opsdeck: the dashboard needs an interactive terminal/);
	});
});

describe('opsdeck info', () => {
	it('prints the resolved config and state paths and the providers that would start', () => {
		const env = isolatedEnv();
		const result = runCli(['info'], env);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`config       ${path.join(env.XDG_CONFIG_HOME!, 'opsdeck', 'config.json')} (not found; defaults in use)`);
		expect(result.stdout).toContain(`state        ${path.join(env.XDG_STATE_HOME!, 'opsdeck')}`);
		expect(result.stdout).toMatch(/providers\s+host/);
		expect(result.stdout).toMatch(/refresh\s+2s/);
	});

	it('applies config, then environment, then flags', () => {
		const {env} = withConfig(JSON.stringify({theme: 'light', refresh: 5, view: 'jobs', readOnly: true}));
		let out = runCli(['info'], env).stdout;
		expect(out).toMatch(/theme\s+light/);
		expect(out).toMatch(/refresh\s+5s/);
		expect(out).toMatch(/view\s+jobs/);
		expect(out).toMatch(/read-only\s+yes \(from config\)/);
		out = runCli(['info'], {...env, OPSDECK_THEME: 'high-contrast'}).stdout;
		expect(out).toMatch(/theme\s+high-contrast/);
		expectOneLineError(runCli(['info'], {...env, OPSDECK_THEME: 'neon'}), /^opsdeck: OPSDECK_THEME must be one of dark, light, high-contrast, mono \(got "neon"\)$/);
		out = runCli(['info'], {...env, NO_COLOR: '1'}).stdout;
		expect(out).toMatch(/theme\s+mono/);
		out = runCli(['info', '--theme', 'dark', '--refresh', '1'], {...env, NO_COLOR: '1'}).stdout;
		expect(out).toMatch(/theme\s+dark/);
		expect(out).toMatch(/refresh\s+1s/);
	});
});

describe('config file', () => {
	it('reports malformed JSON with the file name, exits 2 and leaves the file as it was', () => {
		const text = '{"theme": "dark",\n  "refresh": }';
		const {env, file} = withConfig(text);
		expectOneLineError(runCli(['info'], env), new RegExp(`^opsdeck: config file ${file.replaceAll('/', '\\/')} is not valid JSON: .*; fix the file and start again$`));
		expect(readFileSync(file, 'utf8')).toBe(text);
	});

	it('names the field and what was expected', () => {
		let {env, file} = withConfig(JSON.stringify({refresh: 'fast'}));
		expectOneLineError(runCli(['info'], env), new RegExp(`config file ${file.replaceAll('/', '\\/')}: field "refresh" must be a number; fix the file`));
		({env} = withConfig(JSON.stringify({theme: 'neon'})));
		expectOneLineError(runCli(['info'], env), /field "theme" must be one of "dark", "light", "high-contrast", "mono"/);
		({env} = withConfig(JSON.stringify({refersh: 2})));
		expectOneLineError(runCli(['info'], env), /unknown field "refersh"/);
		({env} = withConfig(JSON.stringify({keys: {jump: ['j']}})));
		expectOneLineError(runCli(['info'], env), /field "keys" has an unknown key "jump"/);
		({env} = withConfig(JSON.stringify({keys: {'action:kill': ['ctrl-k']}})));
		expectOneLineError(runCli(['info'], env), /"action:kill" cannot be bound to ctrl-k: actions never go on a ctrl chord; fix the file/);
		({env} = withConfig(JSON.stringify({providers: ['host', 'k8s']})));
		expectOneLineError(runCli(['info'], env), /field "providers\.1" must be one of "host"/);
		const rule = {name: 'hot', select: 'type:host', field: 'metrics.cpu', op: '>', value: 90, severity: 'high'};
		({env} = withConfig(JSON.stringify({alerts: {rules: [rule, {...rule, name: 'bad', severity: 'urgent'}]}})));
		expectOneLineError(runCli(['info'], env), /: alert rule "bad": field "alerts\.rules\.1\.severity" must be one of "critical", "high"/);
		({env} = withConfig(JSON.stringify({alerts: {rules: [{...rule, value: 'ninety'}]}})));
		expectOneLineError(runCli(['info'], env), /: alert rule "hot": op ">" compares numbers, so value must be a number; fix alerts\.rules in the config file$/);
	});

	it('says so when the file named by --config does not exist', () => {
		expectOneLineError(runCli(['info', '--config', '/nonexistent/opsdeck.json']), /config file \/nonexistent\/opsdeck\.json does not exist/);
	});

	it('refuses a filter in the config with an unclosed quote, as --filter does', () => {
		const {env, file} = withConfig(JSON.stringify({filter: 'state:running "web'}));
		expectOneLineError(runCli(['info'], env), `opsdeck: config file ${file}: field "filter" has an unclosed quote (got "state:running \\"web"); close the "phrase" or drop the quote`);
	});

	const rule = {name: 'hot', select: 'type:container', field: 'metrics.cpu', op: '>', value: 90, severity: 'high'};

	it('refuses an alert rule whose select has an unclosed quote', () => {
		const {env, file} = withConfig(JSON.stringify({alerts: {rules: [{...rule, select: 'type:container "web'}]}}));
		expectOneLineError(
			runCli(['info'], env),
			`opsdeck: config file ${file}: alert rule "hot": select has an unclosed quote (got "type:container \\"web"); close the "phrase" or drop the quote; fix alerts.rules in the config file`,
		);
	});

	it('refuses a number comparison on a text field', () => {
		const {env, file} = withConfig(JSON.stringify({alerts: {rules: [{...rule, field: 'state', op: '>=', value: 1}]}}));
		expectOneLineError(runCli(['info'], env), `opsdeck: config file ${file}: alert rule "hot": op ">=" compares numbers, but state is text; use ==, != or contains; fix alerts.rules in the config file`);
	});

	it('refuses an alert rule named like a built-in one', () => {
		const {env, file} = withConfig(JSON.stringify({alerts: {rules: [{...rule, name: 'container.oom-killed'}]}}));
		expectOneLineError(
			runCli(['info'], env),
			`opsdeck: config file ${file}: alert rule "container.oom-killed": a built-in rule has that name; give yours another (alerts.disable turns the built-in off); fix alerts.rules in the config file`,
		);
	});

	it('takes an empty OPSDECK_CONFIG as unset, as KUBECONFIG and the XDG variables are', () => {
		const env = isolatedEnv({OPSDECK_CONFIG: ''});
		const result = runCli(['info'], env);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`config       ${path.join(env.XDG_CONFIG_HOME!, 'opsdeck', 'config.json')} (not found; defaults in use)`);
	});

	it('refuses a config file that is not a regular file, without waiting on a FIFO', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-fifo-'));
		const fifo = path.join(dir, 'config.json');
		execFileSync('mkfifo', [fifo]);
		// Nothing ever writes to the FIFO: a regression hangs until this short timeout, and the exit code is null.
		expectOneLineError(runCli(['info', '--config', fifo], isolatedEnv(), 5_000), `opsdeck: config file ${fifo} is a named pipe (FIFO), not a regular file; opsdeck reads its config from a JSON file`);
		expectOneLineError(
			runCli(['check', '--providers', 'host'], isolatedEnv({OPSDECK_CONFIG: fifo}), 5_000),
			`opsdeck: config file ${fifo} (from OPSDECK_CONFIG) is a named pipe (FIFO), not a regular file; opsdeck reads its config from a JSON file`,
		);
		expectOneLineError(runCli(['info', '--config', dir]), `opsdeck: config file ${dir} is a directory, not a regular file; opsdeck reads its config from a JSON file`);
	});

	it('names OPSDECK_CONFIG, not --config, when the path came from it', () => {
		const missing = path.join(os.tmpdir(), 'opsdeck-nonexistent', 'config.json');
		expectOneLineError(runCli(['info'], isolatedEnv({OPSDECK_CONFIG: missing})), `opsdeck: config file ${missing} (from OPSDECK_CONFIG) does not exist; check the path given to OPSDECK_CONFIG`);
		let {file} = withConfig('{"theme": ');
		expectOneLineError(runCli(['info'], isolatedEnv({OPSDECK_CONFIG: file})), new RegExp(`^opsdeck: config file ${file} \\(from OPSDECK_CONFIG\\) is not valid JSON: `));
		({file} = withConfig(JSON.stringify({refresh: 'fast'})));
		expectOneLineError(runCli(['info'], isolatedEnv({OPSDECK_CONFIG: file})), `opsdeck: config file ${file} (from OPSDECK_CONFIG): field "refresh" must be a number; fix the file and start again`);
		({file} = withConfig(JSON.stringify({alerts: {rules: [{...rule, field: 'tags.env', op: '<'}]}})));
		expectOneLineError(
			runCli(['info'], isolatedEnv({OPSDECK_CONFIG: file})),
			`opsdeck: config file ${file} (from OPSDECK_CONFIG): alert rule "hot": op "<" compares numbers, but tags.env is text, as every tag value is; use ==, != or contains; fix alerts.rules in the config file`,
		);
		// A provider's own section is checked by the provider, and says so too.
		({file} = withConfig(JSON.stringify({docker: {engines: [{name: 'a', host: 'unix:///a.sock'}, {name: 'a', host: 'unix:///b.sock'}]}})));
		expectOneLineError(runCli(['info'], isolatedEnv({OPSDECK_CONFIG: file})), `opsdeck: config file ${file} (from OPSDECK_CONFIG): two Docker engines are named "a"; give each its own name`);
	});

	it('publishes a schema whose key commands are exactly the keymap commands', () => {
		expect([...schema.properties.keys.propertyNames.enum].sort()).toEqual(keyCommands().sort());
	});
});

describe('opsdeck check', () => {
	// Without --allow-partial an unreachable provider is exit 3 (test/partial-read.test.ts); with it, a finding like any other.
	it('reports an unreachable provider as critical, exits 1 at --fail-on and 0 without it', () => {
		const env = isolatedEnv({DOCKER_HOST: 'unix:///nonexistent/docker.sock'});
		const failing = runCli(['check', '--providers', 'docker', '--fail-on', 'critical', '--timeout', '10', '--allow-partial'], env);
		expect(failing.code).toBe(1);
		expect(failing.stdout).toMatch(/^opsdeck check: 1 finding \(1 critical\)\n {2}provider docker:local: unavailable \(no Docker engine at unix:\/\/\/nonexistent\/docker\.sock/);
		expect(failing.stdout).toMatch(/^CRITICAL provider\.unreachable: docker:local: unreachable: /m);
		const json = runCli(['check', '--providers', 'docker', '--json', '--timeout', '10', '--allow-partial'], env);
		expect(json.code).toBe(0);
		const report = JSON.parse(json.stdout) as {findings: Array<{rule: string; severity: string}>; counts: Record<string, number>};
		expect(report.findings.map(f => [f.rule, f.severity])).toEqual([['provider.unreachable', 'critical']]);
		expect(report.counts.critical).toBe(1);
	});

	it('refuses check flags elsewhere and bad values in one line', () => {
		expectOneLineError(runCli(['--json']), /^opsdeck: --json goes with opsdeck diff, check, cost or timeline$/);
		expectOneLineError(runCli(['check', '--fail-on', 'urgent']), /^opsdeck: --fail-on must be one of critical, high, medium, low, info \(got "urgent"\)$/);
		expectOneLineError(runCli(['check', '--timeout', '0']), /^opsdeck: --timeout must be a number of seconds from 1 to 3600/);
	});
});
