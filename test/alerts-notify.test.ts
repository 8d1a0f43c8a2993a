import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {Notifier} from '../source/alerts/notify.js';
import type {Alert, AlertEvent} from '../source/alerts/types.js';
import {until} from './helpers/until.js';

interface Received {
	path: string;
	contentType: string | undefined;
	body: unknown;
}

const servers: Server[] = [];
const controllers: AbortController[] = [];
afterEach(async () => {
	for (const controller of controllers.splice(0)) controller.abort();
	await Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve))));
});

/**
 * A local webhook receiver that answers each request with the next status in `statuses` (then 200), once
 * `answer` has settled.
 */
async function receiver(statuses: Record<string, number[]> = {}, answer: Promise<void> = Promise.resolve()): Promise<{url: string; received: Received[]}> {
	const received: Received[] = [];
	const server = createServer((request, response) => {
		let text = '';
		request.on('data', chunk => (text += chunk));
		request.on('end', () => {
			received.push({path: request.url!, contentType: request.headers['content-type'], body: JSON.parse(text)});
			void answer.then(() => {
				response.statusCode = statuses[request.url!]?.shift() ?? 200;
				response.end();
			});
		});
	});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received};
}

const alert = (severity: Alert['severity'], name = 'web'): Alert => ({
	id: `a-${name}`,
	rule: 'container.exited-nonzero',
	severity,
	kind: 'alert',
	resourceId: `docker:local:container:${name}`,
	resourceName: name,
	message: 'exited with code 1',
	firstSeen: Date.UTC(2026, 10, 22, 12),
	lastSeen: Date.UTC(2026, 10, 22, 12),
	state: 'firing',
	occurrences: 1,
});
const fired = (severity: Alert['severity'], name?: string): AlertEvent => ({type: 'fired', alert: alert(severity, name)});

function notifier(...args: ConstructorParameters<typeof Notifier>) {
	const controller = new AbortController();
	controllers.push(controller);
	return new Notifier(args[0], {backoffMs: 10, signal: controller.signal, ...args[1]});
}

describe('notifications', () => {
	it('posts well-formed Slack and webhook payloads, retrying the webhook after a 500', async () => {
		const {url, received} = await receiver({'/hook': [500]});
		const sent = notifier([
			{type: 'slack', url: `${url}/slack`},
			{type: 'webhook', url: `${url}/hook`, minSeverity: 'low'},
		]);
		sent.handle([fired('critical'), fired('low', 'quiet')]);
		await until(() => received.filter(r => r.path === '/hook').length === 3 && received.some(r => r.path === '/slack'), 'the deliveries');
		const slack = received.filter(r => r.path === '/slack');
		expect(slack).toEqual([
			{
				path: '/slack',
				contentType: 'application/json',
				body: {
					text: '[CRITICAL] web: exited with code 1 (container.exited-nonzero)',
					blocks: [
						{type: 'section', text: {type: 'mrkdwn', text: '*[CRITICAL] web: exited with code 1 (container.exited-nonzero)*'}},
						{type: 'context', elements: [{type: 'mrkdwn', text: 'resource docker:local:container:web · first seen 2026-11-22T12:00:00.000Z · last seen 2026-11-22T12:00:00.000Z'}]},
					],
				},
			},
		]);
		const hooks = received.filter(r => r.path === '/hook').map(r => r.body as {source: string; event: string; alert: Alert});
		// The 500 was retried: the first alert twice, then the low one, in order.
		expect(hooks.map(body => [body.source, body.event, body.alert.resourceName, body.alert.severity])).toEqual([
			['opsdeck', 'fired', 'web', 'critical'],
			['opsdeck', 'fired', 'web', 'critical'],
			['opsdeck', 'fired', 'quiet', 'low'],
		]);
		expect(sent.failures()).toEqual([]);
	});

	it('formats Teams and Discord messages as their incoming webhooks take them', async () => {
		const {url, received} = await receiver();
		notifier([{type: 'teams', url: `${url}/teams`}, {type: 'discord', url: `${url}/discord`}]).handle([{type: 'resolved', alert: {...alert('high'), cis: 'CIS Docker 5.4'}}]);
		await until(() => received.length === 2, 'both deliveries');
		const by = (path: string) => received.find(r => r.path === path)!.body;
		expect(by('/teams')).toMatchObject({'@type': 'MessageCard', '@context': 'https://schema.org/extensions', themeColor: '388e3c', title: '[RESOLVED] web: exited with code 1 (container.exited-nonzero [CIS Docker 5.4])'});
		expect(by('/discord')).toMatchObject({content: '[RESOLVED] web: exited with code 1 (container.exited-nonzero [CIS Docker 5.4])', embeds: [{title: 'container.exited-nonzero', color: 0x388e3c}]});
	});

	it('reports a delivery it gives up on, and never retries a 4xx the request caused', async () => {
		const {url, received} = await receiver({'/down': [503, 503, 503], '/gone': [404]});
		const failures: string[] = [];
		const sent = notifier([{name: 'ops', type: 'webhook', url: `${url}/down`}, {name: 'old', type: 'slack', url: `${url}/gone`}], {retries: 2, onFailure: line => failures.push(line)});
		sent.handle([fired('high')]);
		await until(() => failures.length === 2, 'both failures');
		expect([...failures].sort()).toEqual([
			'old notification failed (HTTP 404 after 1 attempt): [HIGH] web: exited with code 1 (container.exited-nonzero)',
			'ops notification failed (HTTP 503 after 3 attempts): [HIGH] web: exited with code 1 (container.exited-nonzero)',
		]);
		expect(sent.failures()).toHaveLength(2);
		expect(received.filter(r => r.path === '/down')).toHaveLength(3);
		expect(received.filter(r => r.path === '/gone')).toHaveLength(1);
	});

	it('holds deliveries over the rate limit in order rather than dropping them, and filters by severity', async () => {
		const {url, received} = await receiver();
		const sent = notifier([{type: 'webhook', url, minSeverity: 'high'}], {rate: {count: 2, perMs: 60_000}});
		sent.handle([fired('critical', 'a'), fired('info', 'ignored'), fired('high', 'b'), fired('high', 'c'), fired('critical', 'd')]);
		await until(() => received.length === 2 && sent.pending() === 2, 'two deliveries and two waiting');
		expect(received.map(r => (r.body as {alert: Alert}).alert.resourceName)).toEqual(['a', 'b']);
		expect(sent.pending()).toBe(2);
		expect(sent.failures()).toEqual([]);
	});
});

describe('the notification queue cap', () => {
	it('says a full queue dropped alerts for that channel, never that a healthy webhook is down', async () => {
		let answer = () => {};
		const {url, received} = await receiver({}, new Promise(resolve => (answer = resolve)));
		const failures: string[] = [];
		const sent = notifier([{name: 'ops', type: 'webhook', url}], {rate: {count: 2, perMs: 60_000}, maxQueue: 2, onFailure: line => failures.push(line)});
		sent.handle([fired('high', 'a')]);
		await until(() => received.length === 1, 'the first delivery on its way');
		// The first is still on its way: the cap drops only what waits, and loses nothing else.
		sent.handle([fired('high', 'b'), fired('high', 'c'), fired('high', 'd'), fired('high', 'e')]);
		expect(failures).toEqual(['queue full: 2 alerts dropped for channel ops (2 were waiting; it sends at most 2 every 60 s), the oldest: [HIGH] b: exited with code 1 (container.exited-nonzero)']);
		expect(failures.join('\n')).not.toContain('down');
		expect(sent.pending()).toBe(3);
		answer();
		await until(() => received.length === 2 && sent.pending() === 1, 'the next delivery, and one waiting');
		expect(received.map(r => (r.body as {alert: Alert}).alert.resourceName)).toEqual(['a', 'd']);
	});

	it("keeps each channel's newest failure, however many another channel has", async () => {
		const {url} = await receiver({'/flood': Array(20).fill(404), '/once': [404]});
		const sent = notifier([{name: 'flood', type: 'webhook', url: `${url}/flood`}, {name: 'once', type: 'webhook', url: `${url}/once`}]);
		sent.handle([fired('high', 'first')]);
		await until(() => sent.failures().length === 2, 'a failure on each channel');
		sent.handle(Array.from({length: 5}, (_, i) => fired('high', `n${i}`)));
		await until(() => sent.failures()[0]?.includes('n4') === true, "the flood channel's newest failure");
		expect(sent.failures()).toEqual([
			expect.stringMatching(/^flood notification failed \(HTTP 404 after 1 attempt\): \[HIGH\] n4:/),
			expect.stringMatching(/^once notification failed \(HTTP 404 after 1 attempt\): \[HIGH\] first:/),
		]);
	});
});
