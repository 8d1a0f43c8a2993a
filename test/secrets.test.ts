import {mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseFlags} from '../cli/flags.js';
import {resolveSettings} from '../cli/settings.js';
import {Notifier} from '../source/alerts/notify.js';
import type {Alert} from '../source/alerts/types.js';
import {diffInventories} from '../source/deltas/diff.js';
import {saveLog} from '../source/log-export.js';
import {LogRing} from '../source/logs.js';
import {KEY_FILE, loadDigestKey, secretDigest} from '../source/secret-key.js';
import {REDACTED, redactResource, redactText} from '../source/secrets.js';
import {loadSnapshot} from '../source/snapshots.js';
import {Store} from '../source/store.js';
import {hostResource} from './helpers/app.js';
import {isolatedEnv} from './helpers/cli.js';
import {until} from './helpers/until.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-secrets-'));
const HIDDEN = /‹redacted:[0-9a-f]{12}›/;

describe('what the store holds', () => {
	it('hides secret flags, NAME=value pairs and URL passwords in a command line, and keeps the rest', () => {
		const store = new Store();
		store.upsert(hostResource('process', 'app', {attributes: {params: '--password=hunter2 --api-key=AKIAEXAMPLE --token abc123 --port 8080 postgres://admin:pw@db/x DB_PASSWORD=s3 --verbose'}}));
		const params = String(store.get('host:local:process:app')!.attributes.params);
		expect(params).not.toMatch(/hunter2|AKIAEXAMPLE|abc123|:pw@|s3 /);
		expect(params).toMatch(/^--password=‹redacted:\w+› --api-key=‹redacted:\w+› --token ‹redacted:\w+› --port 8080 postgres:\/\/admin:‹redacted:\w+›@db\/x DB_PASSWORD=‹redacted:\w+› --verbose$/);
	});

	it('hides secret query values and userinfo anywhere in a text, and leaves text with nothing secret as it is', () => {
		expect(redactText('curl https://u:p@api.example.com/v1?token=t0k&page=2')).toMatch(/^curl https:\/\/u:‹redacted:\w+›@api\.example\.com\/v1\?token=‹redacted:\w+›&page=2$/);
		const plain = '/usr/bin/node server.js --port 3000';
		expect(redactText(plain)).toBe(plain);
	});

	it('returns the very object when nothing is secret, and hides each again only when it changes', () => {
		const plain = hostResource('process', 'p', {attributes: {params: '--port 1'}});
		expect(redactResource(plain)).toBe(plain);
		const first = redactResource(hostResource('process', 'p', {attributes: {params: '--token one'}}));
		const again = redactResource(hostResource('process', 'p', {attributes: {params: '--token one'}}));
		const changed = redactResource(hostResource('process', 'p', {attributes: {params: '--token two'}}));
		expect(first.attributes.params).toBe(again.attributes.params);
		expect(first.attributes.params).not.toBe(changed.attributes.params);
		// Redacting what is already redacted changes nothing: a snapshot read back keeps its digests.
		expect(redactResource(first)).toBe(first);
	});

	it('hides a secret env value and a URL password in any env value, and secret-named tags', () => {
		const store = new Store();
		store.upsert({...hostResource('process', 'c'), provider: 'docker', type: 'container', id: 'docker:local:container:c', tags: {'traefik.basicauth.users': 'a:b', app: 'web'}, attributes: {env: ['DB_PASSWORD=hunter2', 'DATABASE_URL=postgres://app:pw2@db/x', 'PATH=/bin']}});
		const held = store.get('docker:local:container:c')!;
		expect(JSON.stringify(held)).not.toMatch(/hunter2|pw2|a:b/);
		expect(held.attributes.env).toEqual([expect.stringMatching(/^DB_PASSWORD=‹redacted:\w+›$/), expect.stringMatching(/^DATABASE_URL=postgres:\/\/app:‹redacted:\w+›@db\/x$/), 'PATH=/bin']);
		expect(held.tags.app).toBe('web');
	});
});

describe('a changed secret in a diff', () => {
	const container = (env: string[]) => redactResource({...hostResource('process', 'c'), provider: 'docker', type: 'container', id: 'docker:local:container:c', attributes: {env}});

	it('is reported as changed with its value hidden', () => {
		const result = diffInventories([container(['DB_PASSWORD=one'])], [container(['DB_PASSWORD=two'])]);
		expect(result.deltas[0]!.fields).toEqual([{field: 'env.DB_PASSWORD', op: 'changed', before: REDACTED, after: REDACTED}]);
		expect(result.deltas[0]!.summary).toBe('env: ~DB_PASSWORD');
	});

	it('reads a snapshot saved before digests, and does not call every secret in it changed', async () => {
		const dir = tmp();
		const old = [{provider: 'docker', scope: 'local', type: 'container', resources: [{nativeId: 'c', name: 'c', state: 'running', tags: {}, attributes: {env: [`DB_PASSWORD=${REDACTED}`, 'MODE=a'], command: 'run --token abc'}}]}];
		writeFileSync(path.join(dir, 'old.snapshot'), `${JSON.stringify({format: 'opsdeck-snapshot/1', name: 'old', savedAt: 1, counts: {docker: 1}})}\n${JSON.stringify(old)}\n`);
		const loaded = await loadSnapshot(dir, 'old');
		// What an older opsdeck wrote in clear is hidden as it is read back.
		expect(JSON.stringify(loaded.resources)).not.toContain('abc');
		const now = redactResource({...loaded.resources[0]!, attributes: {env: ['DB_PASSWORD=whatever', 'MODE=b'], command: 'run --token abc'}});
		const result = diffInventories(loaded.resources, [now]);
		expect(result.deltas[0]!.fields).toEqual([{field: 'env.MODE', op: 'changed', before: 'a', after: 'b'}]);
	});
});

describe('the digest key', () => {
	it('is created with mode 0600 on first use and read after, so digests agree across runs', async () => {
		const dir = tmp();
		expect(await loadDigestKey(dir)).toBeUndefined();
		const file = path.join(dir, KEY_FILE);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const first = secretDigest('hunter2');
		expect(await loadDigestKey(dir)).toBeUndefined();
		expect(secretDigest('hunter2')).toBe(first);
		expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
	});

	it('names a damaged key file in one line, moves it aside and replaces it', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, KEY_FILE), 'garbage');
		const warning = await loadDigestKey(dir);
		expect(warning).toMatch(new RegExp(`^digest key .*${KEY_FILE} could not be used \\(it does not hold a key opsdeck wrote\\); moved to ${KEY_FILE}\\.bad-\\d+ and replaced`));
		expect(warning).not.toContain('\n');
		expect(readdirSync(dir).filter(name => name.startsWith(`${KEY_FILE}.bad-`))).toHaveLength(1);
		expect(await loadDigestKey(dir)).toBeUndefined();
	});

	it('replaces a directory where the key should be, without crashing', async () => {
		const dir = tmp();
		mkdirSync(path.join(dir, KEY_FILE));
		expect(await loadDigestKey(dir)).toMatch(/could not be used \(EISDIR\)/);
		expect(statSync(path.join(dir, KEY_FILE)).isFile()).toBe(true);
	});
});

describe('files opsdeck writes', () => {
	it('writes a saved log readable by its owner only', async () => {
		const ring = new LogRing(10);
		ring.push([{text: 'hello', stream: 'stdout'}]);
		const {file} = await saveLog(tmp(), 'web', ring);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});
});

describe('notification channels', () => {
	const received: Array<{authorization?: string}> = [];
	const server = createServer((request, response) => {
		received.push({authorization: request.headers.authorization});
		request.resume();
		request.on('end', () => response.end('ok'));
	});
	const listening = new Promise<string>(resolve => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
	afterAll(() => server.close());
	const alert: Alert = {id: 'a', rule: 'r', resourceId: 'x', resourceName: 'x', severity: 'critical', kind: 'alert', message: 'm', firstSeen: 0, lastSeen: 0, occurrences: 1, state: 'firing'};

	function configured(notify: unknown[], extra: NodeJS.ProcessEnv = {}) {
		const env = isolatedEnv(extra);
		const file = path.join(env.HOME!, 'config.json');
		writeFileSync(file, JSON.stringify({alerts: {notify}}));
		return resolveSettings(parseFlags(['check', '--config', file]), env);
	}

	it('refuses a URL with credentials at start, in one line that says where they go, without the password', async () => {
		const refused = configured([{name: 'ops', type: 'slack', url: 'https://bot:hunter2@hooks.example.com/x'}]);
		await expect(refused).rejects.toThrow(/alerts\.notify channel "ops": its url holds credentials .*header read from an environment variable.*"headers": \{"Authorization": "env:WEBHOOK_AUTH"\}/);
		await expect(refused).rejects.not.toThrow(/hunter2|\n/);
	});

	it('refuses a header whose environment variable is not set, and sends it when it is', async () => {
		const url = await listening;
		await expect(configured([{type: 'webhook', url, headers: {Authorization: 'env:OPSDECK_TEST_HOOK'}}])).rejects.toThrow(/header Authorization is read from the environment variable OPSDECK_TEST_HOOK, which is not set/);
		const settings = await configured([{type: 'webhook', url, headers: {Authorization: 'env:OPSDECK_TEST_HOOK'}}], {OPSDECK_TEST_HOOK: 'Bearer s3cret'});
		new Notifier(settings.alerts.notify, {env: {OPSDECK_TEST_HOOK: 'Bearer s3cret'}}).handle([{type: 'fired', alert}]);
		await until(() => received.length > 0, 'the delivery');
		expect(received[0]!.authorization).toBe('Bearer s3cret');
	});

	it('never prints a URL\'s userinfo or query in a delivery error', async () => {
		const failures: string[] = [];
		new Notifier([{name: 'old', type: 'webhook', url: 'http://bot:hunter2@127.0.0.1:9/hook?sig=abc'}], {retries: 0, onFailure: line => failures.push(line)}).handle([{type: 'fired', alert}]);
		await until(() => failures.length > 0, 'the failure');
		expect(failures[0]).toMatch(/^old notification failed/);
		expect(failures[0]).not.toMatch(/hunter2|sig=abc|bot:/);
	});
});
