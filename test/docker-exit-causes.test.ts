import {afterEach, describe, expect, it, vi} from 'vitest';
import {ExitCauses, OOM_LATE_MS} from '../providers/docker/exit-causes.js';
import {resourceId, type Resource} from '../source/model.js';

const STARTED = '2026-12-02T10:00:00.000000000Z';
const start = Date.parse(STARTED);

function container(state: string, attributes: Record<string, string | number | boolean | null> = {}): Resource {
	return {
		id: resourceId('docker', 'local', 'container', 'c1'),
		provider: 'docker',
		scope: 'local',
		type: 'container',
		nativeId: 'c1',
		name: 'leaky',
		state,
		tags: {},
		attributes: {startedAt: STARTED, finishedAt: '', exitCode: null, oomKilled: false, ...attributes},
		metrics: {},
	};
}

/** The container after a SIGKILL that the engine did not flag as an OOM kill, `afterMs` past its start. */
const killed = (afterMs: number) => container('exited', {exitCode: 137, finishedAt: new Date(start + afterMs).toISOString()});
const oomEvent = (atMs: number) => ({Action: 'oom', timeNano: (start + atMs) * 1e6});

describe('why a Docker container ended', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('calls a SIGKILL an OOM kill when the engine\'s oom event for that run comes after the exit', () => {
		vi.useFakeTimers({now: start + 2000});
		const heard: string[] = [];
		const exits = new ExitCauses(id => heard.push(id));
		const waiting = exits.explain(killed(1000), container('running'));
		expect(waiting.attributes).toMatchObject({oomAwaited: true});
		expect(waiting.attributes.oomKilled).toBe(false);
		exits.noteEvent('c1', oomEvent(2200));
		expect(exits.explain(killed(1000), waiting).attributes).toMatchObject({oomKilled: true});
		exits.stop();
	});

	it('waits for the oom event a few seconds, then asks for the container again and leaves it a plain exit', () => {
		vi.useFakeTimers({now: start + 2000});
		const heard: string[] = [];
		const exits = new ExitCauses(id => heard.push(id));
		const waiting = exits.explain(killed(1000), container('running'));
		expect(exits.explain(killed(1000), waiting).attributes.oomAwaited).toBe(true);
		vi.advanceTimersByTime(OOM_LATE_MS - 1);
		expect(heard).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(heard).toEqual(['c1']);
		const decided = exits.explain(killed(1000), waiting);
		expect(decided.attributes.oomAwaited).toBeUndefined();
		expect(decided.attributes.oomKilled).toBe(false);
	});

	it('holds no exit found already ended at start, and counts no oom event from an earlier run', () => {
		vi.useFakeTimers({now: start + 2000});
		const exits = new ExitCauses(() => undefined);
		expect(exits.explain(killed(1000), undefined).attributes.oomAwaited).toBeUndefined();
		exits.noteEvent('c1', oomEvent(-60_000));
		const found = exits.explain(killed(1000), container('exited', {exitCode: 137}));
		expect(found.attributes.oomKilled).toBe(false);
		expect(found.attributes.oomAwaited).toBeUndefined();
	});

	it('holds no exit someone asked for, nor one with another code', () => {
		vi.useFakeTimers({now: start + 2000});
		const exits = new ExitCauses(() => undefined);
		expect(exits.explain(container('exited', {exitCode: 1, finishedAt: new Date(start + 1000).toISOString()}), container('running')).attributes.oomAwaited).toBeUndefined();
		exits.noteEvent('c1', {Action: 'kill', Actor: {Attributes: {signal: '9'}}});
		expect(exits.explain(killed(1000), container('running')).attributes).toMatchObject({stoppedOnPurpose: true});
		expect(exits.explain(killed(1000), container('running')).attributes.oomAwaited).toBeUndefined();
	});
});
