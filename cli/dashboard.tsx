import os from 'node:os';
import {render, type Instance} from 'ink';
import {createProviders} from '../providers/index.js';
import {syntheticProviderFromEnv} from '../providers/synthetic/index.js';
import {fileProblem} from '../source/append-log.js';
import {AuditTrail} from '../source/audit.js';
import {JobRunner} from '../source/jobs.js';
import type {Provider} from '../source/provider.js';
import {buildKeymap} from '../views/keymap.js';
import {Store} from '../source/store.js';
import {TerminalHandoff} from '../source/terminal.js';
import {v8Mode} from '../source/v8-mode.js';
import {UsageError} from '../source/config.js';
import {THEMES} from '../themes/index.js';
import {App} from '../views/App.js';
import {startAlerts} from './alerts.js';
import {firstReadings} from './first-readings.js';
import {startTimeline} from './timeline-recorder.js';
import type {Settings} from './settings.js';
import {FRAME_OPTIONS} from '../views/render/frame-options.js';

const RESTORE_TERMINAL = '\u001B[?1049l\u001B[?25h';
/**
 * How long the first frame waits for the providers' first readings. The host's arrives within it, so its first
 * frame holds its data rather than coming a frame after an empty one, which cost every start a whole frame's
 * layout and write; a provider behind a network joins a frame that shows it connecting.
 */
const FIRST_READINGS_WAIT_MS = 100;
const JOB_GRACE_MS = 5000;
// A resize storm sends many events, and Ink's redraw after each can leave the screen garbled: repaint once it ends.
const RESIZE_SETTLE_MS = 100;

/** Opens the full-screen dashboard and returns the exit code once the user quits or a signal ends it. */
export async function runDashboard(settings: Settings, version: string, notices: string[] = []): Promise<number> {
	// A bench and test aid, not a feature: see providers/synthetic/index.ts.
	let aid: Provider[];
	try {
		const synthetic = syntheticProviderFromEnv(process.env, settings.refreshMs);
		aid = synthetic ? [synthetic] : [];
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const capabilities = {readOnly: settings.readOnly};
	const store = new Store();
	const unwatchV8Mode = v8Mode.watch(store);
	const audit = await AuditTrail.open(settings.paths.auditFile).catch((error: Error) => {
		notices.push(`audit trail unavailable (${fileProblem(error)}); actions will run but not be recorded`);
		return undefined;
	});
	if (audit?.warning) notices.push(audit.warning);
	const jobs = new JobRunner({
		capabilities,
		audit: audit?.audit,
		onAuditError: error => store.setStatus({provider: 'audit', health: 'degraded', reason: `cannot write the audit trail: ${error.message}`, updatedAt: Date.now()}),
	});
	const controller = new AbortController();
	const alerts = await startAlerts(store, settings, controller.signal, notices);
	const timeline = await startTimeline(store, jobs, alerts.feed, settings, notices);
	const keymap = buildKeymap(settings.keys);
	const terminal = new TerminalHandoff();
	const app = (providers: Provider[]) => (
		<App
			store={store}
			jobs={jobs}
			providers={providers}
			keymap={keymap}
			theme={THEMES[settings.theme]}
			readOnly={settings.readOnly}
			version={version}
			context={os.hostname()}
			initialPane={timeline.feed.lastLookedAt !== undefined && !settings.viewChosen ? 'timeline' : settings.view}
			initialFilter={settings.filter}
			notices={notices}
			terminal={terminal}
			logLines={settings.logLines}
			clipboard={settings.clipboard}
			stateDir={settings.paths.stateDir}
			snapshotDir={settings.paths.snapshotDir}
			alerts={alerts.feed}
			timeline={timeline.feed}
			onCall={settings.onCall}
		/>
	);
	for (const name of settings.providers) store.setStatus({provider: name, health: 'connecting', updatedAt: Date.now()});
	let instance: Instance | undefined;
	let loaded: Provider[] = [];
	void createProviders(settings.providers, {capabilities, refreshMs: settings.refreshMs, terminal}, settings.provider).then(({providers, failed}) => {
		if (controller.signal.aborted) return;
		for (const {name, error} of failed) {
			store.setStatus({provider: name, health: 'unavailable', reason: `could not load: ${error.message}`, updatedAt: Date.now()});
		}
		loaded = providers;
		instance?.rerender(app([...aid, ...providers]));
		timeline.feed.recorder.useProviders(providers);
		for (const provider of providers) {
			void provider.start(store, controller.signal).catch((error: Error) => {
				store.setStatus({provider: provider.name, health: 'unavailable', reason: error.message, updatedAt: Date.now()});
			});
		}
	});
	await firstReadings(store, settings.providers, FIRST_READINGS_WAIT_MS);
	// interactive: Ink would otherwise fall back to printing one final frame whenever CI is set in the
	// environment, even on a real terminal; main() has already checked that this is one.
	instance = render(app([...aid, ...loaded]), {interactive: true, alternateScreen: true, exitOnCtrlC: false, ...FRAME_OPTIONS});
	// After the first frame, as before: the aid stands in for a large inventory arriving, not for the first screen.
	for (const provider of aid) void provider.start(store, controller.signal);

	let exitCode = 0;
	const stop = (code: number) => {
		exitCode = code;
		instance.unmount();
	};
	const onSignal = (signal: NodeJS.Signals) => stop(128 + (os.constants.signals[signal] ?? 1));
	const onCrash = (error: unknown) => {
		try {
			instance.unmount();
		} catch {
			process.stdout.write(RESTORE_TERMINAL);
		}
		process.stderr.write(`opsdeck crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	};
	// SIGINT too: a ctrl-c pressed before the terminal is in raw mode arrives as a signal, not a key.
	const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
	for (const signal of signals) process.on(signal, onSignal);
	const onStop = () => void terminal.stop();
	const onContinue = () => terminal.continued();
	process.on('SIGTSTP', onStop);
	process.on('SIGCONT', onContinue);
	let resizeTimer: NodeJS.Timeout | undefined;
	const onResize = () => {
		clearTimeout(resizeTimer);
		resizeTimer = setTimeout(() => void terminal.repaint(), RESIZE_SETTLE_MS);
	};
	process.stdout.on('resize', onResize);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);

	try {
		await instance.waitUntilExit();
	} catch (error) {
		process.stderr.write(`opsdeck: ${(error as Error).message}\n`);
		exitCode = 1;
	}
	controller.abort();
	// A job already under way has reached its backend; wait briefly so its outcome reaches the audit trail.
	await Promise.race([jobs.idle(), new Promise(resolve => setTimeout(resolve, JOB_GRACE_MS).unref())]);
	await timeline.stop();
	unwatchV8Mode();
	store.dispose();
	await audit?.audit.settled();
	await alerts.settled();
	for (const signal of signals) process.off(signal, onSignal);
	process.off('SIGTSTP', onStop);
	process.off('SIGCONT', onContinue);
	process.stdout.off('resize', onResize);
	clearTimeout(resizeTimer);
	process.off('uncaughtException', onCrash);
	process.off('unhandledRejection', onCrash);
	return exitCode;
}

