import {writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {answers, daemonDir, findPrograms, freePort, startDaemon, type Daemon} from './daemon.js';

export const ALERTMANAGER_PROGRAMS = {alertmanager: {path: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager'}};

// One receiver that goes nowhere: the tests read alerts and silences through the API, never a notification.
const CONFIG = `route:
  receiver: nowhere
  group_wait: 0s
  group_interval: 1s
receivers:
  - name: nowhere
`;

export interface AlertmanagerLab {
	url: string;
	daemon: Daemon;
	/** Posts alerts as Prometheus would: labels, annotations, and a start time now. */
	post(alerts: ReadonlyArray<{labels: Record<string, string>; annotations?: Record<string, string>}>): Promise<void>;
	silences(): Promise<ApiSilence[]>;
	stop(): Promise<void>;
}

export interface ApiSilence {
	id: string;
	status: {state: string};
	comment: string;
	createdBy: string;
	matchers: Array<{name: string; value: string; isRegex: boolean; isEqual?: boolean}>;
	endsAt: string;
}

/** A private Alertmanager on a loopback port, with its own data directory and clustering off. */
export async function startAlertmanager(program: string): Promise<AlertmanagerLab> {
	const dir = daemonDir('alertmanager');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	writeFileSync(path.join(dir, 'alertmanager.yml'), CONFIG);
	const daemon = await startDaemon({
		name: 'alertmanager',
		command: program,
		args: [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
		dir,
		ready: () => answers(`${url}/-/ready`),
	});
	return {
		url,
		daemon,
		async post(alerts) {
			const response = await fetch(`${url}/api/v2/alerts`, {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify(alerts.map(alert => ({...alert, startsAt: new Date().toISOString()}))),
			});
			if (!response.ok) throw new Error(`posting alerts: ${response.status} ${await response.text()}`);
		},
		async silences() {
			const response = await fetch(`${url}/api/v2/silences`);
			return (await response.json()) as ApiSilence[];
		},
		stop: () => daemon.stop(),
	};
}

export function alertmanagerPrograms(): {alertmanager: string} | {skip: string} {
	return findPrograms(ALERTMANAGER_PROGRAMS);
}

export interface CountingProxy {
	url: string;
	/** Every request that passed, as `METHOD /path`. */
	requests: string[];
	/** The requests that were not GET or HEAD. */
	mutations(): string[];
	close(): Promise<void>;
}

/** A small HTTP proxy in front of a server, recording each request's method and path before forwarding it. */
export async function countingProxy(target: string): Promise<CountingProxy> {
	const requests: string[] = [];
	const upstream = new URL(target);
	const server = http.createServer((request, response) => {
		requests.push(`${request.method} ${request.url}`);
		const forward = http.request(
			{host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers},
			answer => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		forward.on('error', error => {
			response.writeHead(502);
			response.end(error.message);
		});
		request.pipe(forward);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		mutations: () => requests.filter(line => !/^(GET|HEAD) /.test(line)),
		close: () =>
			new Promise(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
