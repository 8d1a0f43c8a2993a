import type {Capabilities} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import {PollLoop} from '../../source/poll-loop.js';
import type {Provider, ProviderAction} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import {createHostReader, readFacts, type HostReader, type ProcessOrigin} from './collect.js';
import {PROVIDER, SCOPE, type HostFacts} from './resource.js';
import {createProcessSignals, systemKill, type KillFunction, type ProcessSignals} from './signals.js';

export interface HostProviderOptions {
	capabilities: Capabilities;
	refreshMs: number;
	/** The kill(2) boundary; tests pass a spy. */
	kill?: KillFunction;
	/** How long a stop waits to see the process go before it reports it still running. */
	exitWaitMs?: number;
}

/** The store's publish (33 ms) and one frame: how long a write takes to reach the screen. */
const FIRST_DRAW_MS = 50;

/** The machine opsdeck runs on: the host itself, its filesystems, network interfaces and processes. */
export class HostProvider implements Provider {
	readonly name = PROVIDER;
	private readonly signals: ProcessSignals;
	private loop: PollLoop | undefined;
	private reader: HostReader | undefined;
	private facts: Promise<HostFacts> | undefined;
	private interfacesReadAt = 0;

	constructor(private readonly options: HostProviderOptions) {
		// A row comes only from a read, so by the time one is acted on the reader exists.
		this.signals = createProcessSignals(options.capabilities, options.kill ?? systemKill, (pid, start) => this.reader?.matchStart(pid, start) ?? Promise.resolve('gone'));
	}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		this.loop = new PollLoop({
			provider: PROVIDER,
			intervalMs: this.options.refreshMs,
			sink,
			signal,
			collect: () => this.collect(sink),
			describeError: error => `cannot read the host: ${(error as Error).message}`,
		});
		await this.loop.run();
	}

	refresh(): void {
		this.interfacesReadAt = 0;
		this.loop?.wake();
	}

	actions(resource: Resource): ProviderAction[] {
		if (resource.provider !== PROVIDER || resource.type !== 'process') return [];
		const pid = Number(resource.nativeId);
		// kill(2) with 0 or a negative pid signals a whole process group, opsdeck's own among them.
		if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return [];
		// Taken now, from the row being acted on: the signal goes only to the process that row was read from.
		const origin = this.reader?.originOf(resource);
		const grave = this.graveReasons(pid, resource, origin);
		const target = `${resource.name} (${[`pid ${pid}`, ...grave].join(', ')})`;
		return [
			{
				id: 'stop',
				label: `send SIGTERM to ${target}`,
				mutates: true,
				confirm: grave.length > 0 ? 'typed' : 'yes',
				run: () => this.signal(pid, resource.name, 'SIGTERM', origin?.start),
			},
			{
				id: 'kill',
				label: `send SIGKILL to ${target}`,
				mutates: true,
				confirm: 'typed',
				run: () => this.signal(pid, resource.name, 'SIGKILL', origin?.start),
			},
		];
	}

	/**
	 * Why a signal to this process would reach further than most, each reason named in the action's label and each
	 * asking for the name typed: init takes the machine (or the container) down with it, a kernel thread is the
	 * kernel's own, and another user's process is someone else's work.
	 */
	private graveReasons(pid: number, resource: Resource, origin: ProcessOrigin | undefined): string[] {
		const reasons: string[] = [];
		if (pid === 1) reasons.push('init');
		if (origin?.kernelThread) reasons.push('a kernel thread');
		const owner = resource.attributes.user;
		const self = this.reader?.ownUser();
		if (typeof owner === 'string' && owner !== '' && self !== undefined && owner !== self) reasons.push(`owned by ${owner}`);
		return reasons;
	}

	private async signal(pid: number, name: string, signal: NodeJS.Signals, start: number | undefined): Promise<string> {
		await this.signals.send(pid, signal, start);
		const deadline = Date.now() + (this.options.exitWaitMs ?? 3000);
		while (Date.now() < deadline) {
			if (!this.signals.isAlive(pid)) {
				this.refresh();
				return `sent ${signal} to ${name} (pid ${pid}); it exited`;
			}
			await new Promise(resolve => setTimeout(resolve, 100));
		}
		return `sent ${signal} to ${name} (pid ${pid}); still running after ${Math.round((this.options.exitWaitMs ?? 3000) / 1000)}s`;
	}

	// Where reading interfaces is costly it waits for its interval, or for ctrl-r.
	private interfacesDue(reader: HostReader): boolean {
		if (Date.now() - this.interfacesReadAt < reader.interfacesEveryMs) return false;
		this.interfacesReadAt = Date.now();
		return true;
	}

	private async collect(sink: ProviderSink): Promise<void> {
		const reader = (this.reader ??= await createHostReader());
		// Each read lands as soon as it is done, and the process list does not wait for the first CPU-load sample.
		const processes = reader.readProcesses().then(list => sink.replaceType(PROVIDER, SCOPE, 'process', list));
		// The facts are read once, by systeminformation, whose probes block the event loop (execSync of `hostname -f`,
		// the code page, the MAC addresses) for tens of ms: they start once the first process list has been
		// published and drawn, so the first screen with host data does not wait behind them.
		const facts = (this.facts ??= processes
			.catch(() => undefined)
			.then(() => new Promise(resolve => setTimeout(resolve, FIRST_DRAW_MS)))
			.then(readFacts)
			.catch((error: unknown) => {
				this.facts = undefined;
				throw error;
			}));
		await Promise.all([
			facts.then(known => reader.readHost(known)).then(host => sink.upsert(host)),
			reader.readFilesystems().then(filesystems => sink.replaceType(PROVIDER, SCOPE, 'filesystem', filesystems)),
			this.interfacesDue(reader) && reader.readInterfaces().then(interfaces => sink.replaceType(PROVIDER, SCOPE, 'interface', interfaces)),
			processes,
		]);
	}
}
