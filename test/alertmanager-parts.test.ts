import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ALERTMANAGER_SETUP} from '../providers/alertmanager/settings.js';
import {matcherText} from '../providers/alertmanager/resources.js';
import {parseDuration, parseSilenceInput} from '../providers/alertmanager/silence.js';
import {authorization, httpAuthProblem} from '../providers/http-auth.js';
import {openUrl} from '../source/open-url.js';

const context = (env: NodeJS.ProcessEnv = {}) => ({flags: {}, env, configFile: 'opsdeck.json'});

describe('the silence prompt', () => {
	it('reads durations as Alertmanager writes them, and refuses what is not one', () => {
		expect(parseDuration('90m')).toBe(90 * 60_000);
		expect(parseDuration('1h30m')).toBe(90 * 60_000);
		expect(parseDuration('1d')).toBe(86_400_000);
		expect(parseDuration('2')).toBeUndefined();
		expect(parseDuration('0h')).toBeUndefined();
		expect(parseDuration('2hours')).toBeUndefined();
	});

	it('takes a duration then a comment, and asks for both', () => {
		expect(parseSilenceInput(' 2h  swapping   the disk ')).toEqual({durationMs: 7_200_000, comment: 'swapping the disk'});
		expect(() => parseSilenceInput('soon fixing it')).toThrow('"soon" is not a duration');
		expect(() => parseSilenceInput('2h ')).toThrow('needs a comment');
	});

	it('writes matchers as Alertmanager does', () => {
		expect(matcherText({name: 'job', value: 'node', isRegex: false, isEqual: true})).toBe('job="node"');
		expect(matcherText({name: 'job', value: 'no.*', isRegex: true, isEqual: true})).toBe('job=~"no.*"');
		expect(matcherText({name: 'job', value: 'node', isRegex: false, isEqual: false})).toBe('job!="node"');
		expect(matcherText({name: 'job', value: 'no.*', isRegex: true, isEqual: false})).toBe('job!~"no.*"');
	});
});

describe('Alertmanager auth and settings', () => {
	it('sends a bearer token from the environment and basic auth with a password from a file', async () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-auth-')), 'password');
		writeFileSync(file, 's3cret\n');
		expect(await authorization({bearer: {env: 'AM_TOKEN'}}, {AM_TOKEN: 'tok'})).toEqual({authorization: 'Bearer tok'});
		expect(await authorization({basic: {username: 'ops', password: {file}}}, {})).toEqual({authorization: `Basic ${Buffer.from('ops:s3cret').toString('base64')}`});
		expect(await authorization(undefined, {})).toEqual({});
	});

	it('refuses auth that cannot work, at start', () => {
		expect(httpAuthProblem({bearer: {env: 'AM_TOKEN'}}, {})).toBe('the environment variable AM_TOKEN is not set');
		expect(httpAuthProblem({bearer: {env: 'A', file: '/x'}}, {A: 'x'})).toMatch(/either env or file/);
		expect(httpAuthProblem({}, {})).toMatch(/either bearer or basic/);
		expect(httpAuthProblem({basic: {username: 'ops', password: {file: '/nonexistent/opsdeck-password'}}}, {})).toBe('the file /nonexistent/opsdeck-password cannot be read');
		const servers = [{name: 'prod', url: 'http://am:9093', auth: {bearer: {env: 'AM_TOKEN'}}}];
		expect(() => ALERTMANAGER_SETUP.settings({servers}, context())).toThrow('alertmanager "prod" auth: the environment variable AM_TOKEN is not set');
		expect(() => ALERTMANAGER_SETUP.settings({servers: [servers[0]!, servers[0]!]}, context({AM_TOKEN: 't'}))).toThrow('two Alertmanagers are named "prod"');
	});

	it('starts by default only where servers are named', () => {
		expect(ALERTMANAGER_SETUP.onByDefault(undefined, context())).toBe(false);
		expect(ALERTMANAGER_SETUP.onByDefault({servers: [{name: 'a', url: 'http://a'}]}, context())).toBe(true);
	});
});

describe('opening a link', () => {
	it('opens only http and https links', async () => {
		await expect(openUrl('file:///etc/passwd', 'true')).rejects.toThrow('refusing to open file: link');
		await expect(openUrl('https://runbooks.example/x', 'true')).resolves.toBe('opened https://runbooks.example/x with true');
		await expect(openUrl('https://runbooks.example/x', '/nonexistent/opener')).rejects.toThrow('ENOENT');
	});
});
