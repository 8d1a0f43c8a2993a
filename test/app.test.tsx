import {afterEach, describe, expect, it} from 'vitest';
import {bindingsFor, resolveKey} from '../source/keymap.js';
import {editLine, MAX_LINE} from '../source/line-edit.js';
import {buildKeymap, keymapProblem} from '../views/keymap.js';
import {hintText} from '../views/StatusBar.js';
import {hostResource, KEYS, renderApp, type AppHarness} from './helpers/app.js';

let app: AppHarness | undefined;
afterEach(() => app?.unmount());

function seed(harness: AppHarness, processes = 3): void {
	harness.store.upsert([
		hostResource('host', 'box1', {state: 'up', attributes: {os: 'Debian GNU/Linux 12', kernel: '6.1.0'}, metrics: {cpu: 12.5, memory: 40}}),
		hostResource('filesystem', '/', {state: 'mounted', attributes: {fsType: 'ext4', size: 1e11, device: '/dev/sda1'}, metrics: {usedPercent: 50}}),
		...Array.from({length: processes}, (_, i) =>
			hostResource('process', `worker-${String(i).padStart(3, '0')}`, {
				nativeId: String(100_000 + i),
				attributes: {pid: 100_000 + i, user: 'svc'},
				metrics: {cpu: 0, memory: 1},
			}),
		),
	]);
}

describe('dashboard layout and panes', () => {
	it('keeps its name, version and context whole in a narrow header, and cuts the statuses at their end instead', async () => {
		app = renderApp({providers: [], size: {columns: 80, rows: 24}, readOnly: true});
		const at = Date.now();
		app.store.setStatus({provider: 'prometheus:eu', health: 'ok', updatedAt: at});
		for (const host of ['a', 'b', 'c']) app.store.setStatus({provider: `prometheus:eu/${host}:9100`, health: 'ok', updatedAt: at});
		app.store.setStatus({provider: 'alertmanager:production-eu', health: 'degraded', reason: 'timed out', updatedAt: at});
		const header = (await app.expectFrame(f => f.includes('3 hosts up'), 'the fleet count')).split('\n')[0]!;
		expect(header).toMatch(/^ opsdeck  0\.0\.0-test  ctx: test  prometheus:eu ● ok 3 hosts up, 0 do… READ-ONLY\s*$/);
	});

	it('shows the header, the pane tabs, grouped inventory and key hints', async () => {
		app = renderApp();
		seed(app);
		const frame = await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		expect(frame).toContain('opsdeck');
		expect(frame).toMatch(/1 Inventory.*2 Deltas.*3 Logs.*4 Alerts.*5 Jobs/);
		expect(frame).toContain('host / process (3)');
		expect(frame).toContain('host / filesystem (1)');
		expect(frame).toContain('? help');
		expect(frame).not.toContain('READ-ONLY');
	});

	it('shows a READ-ONLY badge when read-only', async () => {
		app = renderApp({readOnly: true});
		await app.expectFrame(f => f.includes('READ-ONLY'), 'the badge');
	});

	it('offers the log keys only once a log is open', async () => {
		app = renderApp();
		await app.press('3');
		const empty = await app.expectFrame(f => f.includes('No log is open'), 'the logs pane');
		// With no log open, the hint line offers no log keys.
		expect(empty).not.toMatch(/f follow/);
		await app.press('?');
		const help = await app.expectFrame(f => f.includes('Keys here'), 'help for the empty logs view');
		expect(help).not.toContain('logs: the last minute');
		expect(help).toMatch(/1\s+Inventory pane/);
		await app.press(KEYS.esc, '5');
		await app.expectFrame(f => f.includes('No jobs yet'), 'a digit switching panes from the empty logs view');
	});

	it('says a filter hides every job, rather than that there are none', async () => {
		app = renderApp();
		await app.press('5');
		await app.expectFrame(f => f.includes('No jobs yet'), 'the jobs pane');
		await app.press('/', ...'nothing', KEYS.enter);
		await app.expectFrame(f => f.includes('No job matches "nothing". esc clears the filter.'), 'the filtered message');
	});

	it('switches panes with numbers and tab', async () => {
		app = renderApp();
		seed(app);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('2');
		await app.expectFrame(f => f.includes('Since opsdeck started'), 'the deltas pane');
		await app.press(KEYS.tab);
		await app.expectFrame(f => f.includes('No log is open'), 'the logs pane');
		// In the logs pane digits choose a time range, so tab moves on.
		await app.press(KEYS.tab, KEYS.tab);
		await app.expectFrame(f => f.includes('No jobs yet'), 'the jobs pane');
		await app.press('1');
		await app.expectFrame(f => f.includes('worker-000'), 'back to the inventory');
		await app.press(KEYS.shiftTab);
		await app.expectFrame(f => f.includes('Nothing on the timeline yet'), 'shift-tab wraps back to the last pane, the timeline');
		await app.press(KEYS.shiftTab);
		await app.expectFrame(f => f.includes('No jobs yet'), 'and on to the jobs pane');
	});

	it('pages with pgdn and pgup', async () => {
		app = renderApp({size: {columns: 100, rows: 30}});
		seed(app, 100);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press(KEYS.pageDown);
		let frame = await app.expectFrame(f => !f.includes('worker-000 '), 'the next page');
		expect(frame).toMatch(/worker-0[3-5]\d/);
		await app.press(KEYS.pageUp, KEYS.pageUp);
		frame = await app.expectFrame(f => f.includes('box1'), 'back at the top');
	});

	it('edits the filter with backspace and empties it with ctrl-u', async () => {
		app = renderApp();
		seed(app, 20);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('/', 'w', 'o', 'r', 'k', 'e', 'r', '-', '0', '1', '7', KEYS.backspace, '8');
		await app.expectFrame(f => f.includes('/worker-018') && f.includes('worker-018') && !f.includes('worker-017'), 'the edited filter');
		await app.press(KEYS.ctrlU);
		await app.expectFrame(f => f.includes('worker-017') && f.includes('box1'), 'the emptied filter');
	});

	it('counts down to a failing provider\'s next retry', async () => {
		app = renderApp();
		app.store.setStatus({provider: 'host', health: 'unavailable', reason: 'boom', retryAt: Date.now() + 5000, updatedAt: Date.now()});
		await app.expectFrame(f => /retrying in 5s/.test(f), 'the countdown');
		await app.expectFrame(f => /retrying in [34]s/.test(f), 'the countdown a second or two later', 4000);
	});

	it('moves with j, k, G and g and opens the detail view with enter, esc going back', async () => {
		app = renderApp();
		seed(app);
		await app.expectFrame(f => f.includes('worker-002'), 'the inventory');
		await app.press('G', KEYS.enter);
		let frame = await app.expectFrame(f => f.includes('(host / process)'), 'the detail of the last row');
		expect(frame).toContain('worker-002');
		expect(frame).toContain('user');
		await app.press(KEYS.esc, 'g', KEYS.enter);
		frame = await app.expectFrame(f => f.includes('(host / host)'), 'the detail of the first row');
		expect(frame).toContain('Debian GNU/Linux 12');
		expect(frame).toContain('Metrics');
		await app.press(KEYS.esc, 'j', 'j', KEYS.enter);
		await app.expectFrame(f => f.includes('worker-000  (host / process)'), 'two rows down, past the filesystem heading');
	});

	it('draws the CPU and memory history of the host as sparklines in its detail view', async () => {
		app = renderApp();
		// A busy machine's CPU passes 100% (a share of one core each); the history holds up to 655.34, the label
		// shows the reading itself.
		for (const cpu of [10, 50, 712.5]) {
			app.store.upsert(hostResource('host', 'box1', {metrics: {cpu, memory: 30}}));
			app.store.flush();
		}
		await app.press(KEYS.enter);
		const frame = await app.expectFrame(f => f.includes('History'), 'the history');
		expect(frame).toMatch(/cpu\s+▂▅█\s+712\.5%/);
		expect(frame).toMatch(/memory\s+[▁▂▃▄▅▆▇█]{3}\s+30\.0%/);
	});

	it('renders only the rows that fit: 500 processes, one screen of rows', async () => {
		app = renderApp({size: {columns: 100, rows: 30}});
		seed(app, 500);
		const frame = await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		expect(frame.split('\n')).toHaveLength(30);
		// Rendering every row into the pane would squeeze them and show a scattered sample, not a run.
		const shown = [...frame.matchAll(/worker-(\d{3})/g)].map(match => Number(match[1]));
		expect(shown.length).toBeGreaterThan(10);
		expect(shown).toEqual(shown.map((_, i) => i));
		await app.press('G');
		const bottom = await app.expectFrame(f => f.includes('worker-499'), 'the last process');
		expect(bottom).not.toContain('worker-000');
	});

	it('keeps the cursor on the first row until the user moves it, however the rows arrive', async () => {
		app = renderApp();
		app.store.upsert(hostResource('filesystem', '/', {state: 'mounted'}));
		await app.expectFrame(f => f.includes('host / filesystem'), 'the filesystem');
		app.store.upsert(hostResource('host', 'box1', {state: 'up'}));
		await app.expectFrame(f => f.includes('box1'), 'the host, above it');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('box1  (host / host)'), 'the detail of the top row');
	});

	it('keeps the selection on the same resource across a removal and a re-sort', async () => {
		app = renderApp();
		const proc = (name: string, cpu: number) => hostResource('process', name, {nativeId: name, metrics: {cpu}});
		app.store.upsert([proc('p-a', 3), proc('p-b', 2), proc('p-c', 1)]);
		await app.expectFrame(f => f.includes('p-c'), 'the processes');
		await app.press('G');
		app.store.remove('host:local:process:p-c');
		await app.expectFrame(f => !f.includes('p-c'), 'p-c gone');
		// The cursor fell to p-b, the row in p-c's place; now p-b becomes the busiest and moves to the top.
		app.store.upsert(proc('p-b', 50));
		await app.expectFrame(f => f.indexOf('p-b') < f.indexOf('p-a'), 'the re-sort');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('p-b  (host / process)'), 'the detail of p-b');
	});

	it('filters as you type with /, keeps it on enter and clears it with esc', async () => {
		app = renderApp();
		seed(app, 20);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('/', 'w', 'o', 'r', 'k', 'e', 'r', '-', '0', '1', '7');
		let frame = await app.expectFrame(f => f.includes('worker-017') && !f.includes('worker-016'), 'the filtered list');
		expect(frame).not.toContain('box1');
		await app.press(KEYS.enter);
		frame = await app.expectFrame(f => f.includes('filter "worker-017": 1 match'), 'the kept filter');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('worker-017  (host / process)'), 'the first match selected');
		await app.press(KEYS.esc);
		await app.press(KEYS.esc);
		await app.expectFrame(f => f.includes('worker-016') && f.includes('box1'), 'the whole list again');
	});

	it('takes keys that arrive in one burst one by one, as a fast typist or a paste sends them', async () => {
		app = renderApp();
		seed(app, 20);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('/');
		await app.expectFrame(f => f.includes('enter keep'), 'the filter prompt');
		await app.press('worker-01', '2');
		await app.expectFrame(f => f.includes('/worker-012'), 'the filter typed in one burst');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('filter "worker-012": 1 match'), 'the kept filter');
		await app.press('jjG');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('worker-012  (host / process)'), 'the detail after a burst of moves');
		await app.press(KEYS.esc, KEYS.esc);
		await app.expectFrame(f => f.includes('worker-016'), 'the filter cleared');
		// The way tmux send-keys or a paste delivers a filter and its enter: one chunk.
		await app.press('/worker-013\r');
		await app.expectFrame(f => f.includes('filter "worker-013": 1 match'), 'the filter kept by the enter inside the burst');
	});

	it('caps a text field, and takes a paste into it as one edit whose text never reads as a key', async () => {
		expect(editLine('ab', 'x'.repeat(2000))).toBe(`ab${'x'.repeat(MAX_LINE - 2)}`);
		expect(editLine('x'.repeat(MAX_LINE), 'y')).toBe('x'.repeat(MAX_LINE));
		expect(editLine('x'.repeat(MAX_LINE), 'space')).toBe('x'.repeat(MAX_LINE));
		app = renderApp();
		seed(app, 20);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('/');
		await app.expectFrame(f => f.includes('enter keep'), 'the filter prompt');
		// "enter" pasted is text, not the key: the filter stays open, then the real enter keeps it.
		await app.press(`worker-013 enter${'z'.repeat(3000)}`);
		await app.expectFrame(f => f.includes('/worker-013 enterzzz'), 'the pasted filter');
		await app.press(KEYS.enter);
		const capped = `"worker-013 enter${'z'.repeat(MAX_LINE - 'worker-013 enter'.length)}"`;
		await app.expectFrame(f => f.replaceAll('\n ', '').includes(`Nothing matches ${capped}`), 'the kept filter, capped');
	});

	it('keeps the key that follows an escape in the same read', async () => {
		app = renderApp();
		seed(app, 20);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('?');
		await app.expectFrame(f => f.includes('Keys here (esc closes)'), 'help');
		// Ink reads "escape, j" in one chunk as alt-j: the escape closes help and the j moves down.
		await app.press('\u001Bj');
		await app.expectFrame(f => !f.includes('Keys here') && f.includes('box1'), 'help closed');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('(host / filesystem)'), 'the second row opened: the j moved down');
	});

	it('says so when nothing matches the filter', async () => {
		app = renderApp();
		seed(app);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('/', 'z', 'z', 'z');
		await app.expectFrame(f => f.includes('Nothing matches "zzz"'), 'the empty state');
	});

	it('opens a help overlay on ? that lists the keys valid here, generated from the keymap', async () => {
		app = renderApp();
		seed(app);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		await app.press('?');
		let frame = await app.expectFrame(f => f.includes('Keys here'), 'the help overlay');
		expect(frame).toMatch(/j down\s+move down/);
		expect(frame).toMatch(/ctrl-r\s+refresh now/);
		expect(frame).toMatch(/q ctrl-c\s+quit/);
		// The first row is the host, which has no actions: no action keys are offered there.
		expect(frame).not.toContain('stop ("down")');
		await app.press(KEYS.esc, 'G', '?');
		frame = await app.expectFrame(f => f.includes('Keys here') && f.includes('stop ("down")'), 'help on a process');
		expect(frame).toMatch(/K\s+kill \(SIGKILL\)/);
		expect(frame).toMatch(/x\s+action menu/);
		await app.press(KEYS.esc);
		await app.expectFrame(f => !f.includes('Keys here'), 'help closed');
	});

	it('shows rebound keys in help and the hint bar, and they work', async () => {
		app = renderApp({keymap: buildKeymap({down: ['n'], help: ['h']})});
		seed(app);
		await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		expect(app.frame()).toContain('n down');
		expect(app.frame()).toContain('h help');
		await app.press('n', KEYS.enter);
		await app.expectFrame(f => f.includes('(host / filesystem)'), 'n moved down');
		await app.press(KEYS.esc, 'h');
		await app.expectFrame(f => f.includes('Keys here'), 'h opened help');
	});

	it('shows "terminal too small" below 60x15 instead of a broken layout', async () => {
		app = renderApp({size: {columns: 59, rows: 20}});
		seed(app);
		await app.expectFrame(f => f.includes('Terminal too small: 59x20'), 'the too-small message');
		app.unmount();
		app = renderApp({size: {columns: 80, rows: 14}});
		await app.expectFrame(f => f.includes('needs at least 60x15'), 'the too-small message');
	});

	it('lays out at 80x24 within the screen', async () => {
		app = renderApp({size: {columns: 80, rows: 24}});
		seed(app, 50);
		const frame = await app.expectFrame(f => f.includes('worker-000'), 'the inventory');
		const lines = frame.split('\n');
		expect(lines).toHaveLength(24);
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(80);
	});

	it('shows a startup notice, such as a state file moved aside', async () => {
		app = renderApp({notices: ['audit.json could not be read (it is not valid JSON); moved it to audit.json.corrupt-x']});
		await app.expectFrame(f => f.includes('audit.json could not be read'), 'the notice');
	});

	it('shows a provider that is failing, with its reason', async () => {
		app = renderApp();
		app.store.setStatus({provider: 'host', health: 'degraded', reason: 'cannot read the host: boom', retryAt: Date.now() + 4000, updatedAt: Date.now()});
		const frame = await app.expectFrame(f => f.includes('host degraded: cannot read the host: boom; retrying in'), 'the status');
		expect(frame).toContain('▲ degraded');
	});
});

describe('keymap', () => {
	it('builds the hint bar from the same bindings the keys resolve through', () => {
		const keymap = buildKeymap({quit: ['Q']});
		expect(hintText(bindingsFor(keymap, ['global']))).toContain('Q quit');
		expect(resolveKey(keymap, ['global'], 'Q')?.command).toBe('quit');
		expect(resolveKey(keymap, ['global'], 'q')).toBeUndefined();
	});

	it('has no conflicts in its defaults, and refuses rebinds that would conflict or put an action on a ctrl chord', () => {
		expect(keymapProblem({})).toBeUndefined();
		expect(keymapProblem({'action:kill': ['ctrl-k']})).toBe('"action:kill" cannot be bound to ctrl-k: actions never go on a ctrl chord');
		expect(keymapProblem({refresh: ['ctrl+r']})).toMatch(/^key "ctrl\+r" for "refresh" is not a key opsdeck knows/);
		expect(keymapProblem({down: ['d']})).toBe('key "d" is bound to both "down" and "action:stop"');
		expect(keymapProblem({quit: ['Q'], down: ['n']})).toBeUndefined();
	});

	it('never rebinds how help closes or how text fields take enter and esc', () => {
		const keymap = buildKeymap({back: ['b'], confirm: ['Y']});
		expect(resolveKey(keymap, ['help'], 'esc')?.command).toBe('back');
		expect(resolveKey(keymap, ['filter'], 'enter')?.command).toBe('confirm');
		expect(resolveKey(keymap, ['confirm'], 'Y')?.command).toBe('confirm');
		expect(resolveKey(keymap, ['detail'], 'b')?.command).toBe('back');
	});
});
