import {LEARN_SECONDS, SpikeDetector, type Spike} from '../providers/docker/error-spikes.js';
import {LogDecoder} from '../providers/docker/logs.js';
import {SPIKE_DEFAULTS} from '../providers/docker/settings.js';

/**
 * The CPU cost of watching 20 containers for error spikes at 1,000 lines a second each. Synthetic, so it runs
 * with no engine: each container's second of output is built in memory as the engine frames it (an 8-byte
 * header, an RFC 3339 timestamp, the line), then decoded by the provider's LogDecoder and counted by its
 * SpikeDetector, and each detector ticks once a simulated second, as the spike watch does. What it leaves out
 * is the engine's socket and Node's HTTP parsing of the stream. One container in twenty spikes halfway, so the
 * figure includes the detection it pays for.
 */
const CONTAINERS = 20;
const LINES_PER_SECOND = 1000;
const SECONDS = LEARN_SECONDS + 40;
/** How many lines the engine sends in one read, about what a busy container's stream delivers. */
const LINES_PER_CHUNK = 50;

function frame(time: number, text: string): Buffer {
	const payload = Buffer.from(`${new Date(time).toISOString().replace('Z', '000000Z')} ${text}\n`);
	const header = Buffer.alloc(8);
	header[0] = 1;
	header.writeUInt32BE(payload.length, 4);
	return Buffer.concat([header, payload]);
}

/** One container's second of output, as the chunks the engine would send: one line in ten is an error while spiking. */
function second(start: number, container: number, spiking: boolean): Buffer[] {
	const chunks: Buffer[] = [];
	for (let line = 0; line < LINES_PER_SECOND; line += LINES_PER_CHUNK) {
		const frames: Buffer[] = [];
		for (let i = line; i < line + LINES_PER_CHUNK; i++) {
			const error = spiking ? i % 10 === 0 : i % 200 === 0;
			const text = error ? `level=error msg="payment declined" order=${i} container=${container}` : `GET /api/orders/${i} 200 12ms user=42 trace=9f8e7d6c5b4a`;
			frames.push(frame(start + i, text));
		}
		chunks.push(Buffer.concat(frames));
	}
	return chunks;
}

// The frames are built before the clock starts: only what opsdeck does with them is measured.
const start = Date.parse('2025-01-01T00:00:00Z');
const spikeAt = LEARN_SECONDS + 20;
const quiet = Array.from({length: CONTAINERS}, (_, c) => second(start, c, false));
const loud = second(start, 0, true);
const detectors = Array.from({length: CONTAINERS}, () => new SpikeDetector({pattern: new RegExp(SPIKE_DEFAULTS.pattern, 'i'), factor: SPIKE_DEFAULTS.factor, minRate: SPIKE_DEFAULTS.minRate, forMs: 10_000}));
const decoders = Array.from({length: CONTAINERS}, () => new LogDecoder(true));
const spikes: Array<Spike | undefined> = Array.from({length: CONTAINERS});

const cpu = process.cpuUsage();
const wall = performance.now();
for (let s = 0; s < SECONDS; s++) {
	const now = start + s * 1000;
	for (let c = 0; c < CONTAINERS; c++) {
		const chunks = c === 0 && s >= spikeAt ? loud : quiet[c]!;
		for (const chunk of chunks) detectors[c]!.count(decoders[c]!.push(chunk), now);
		spikes[c] = detectors[c]!.tick(now + 999) ?? spikes[c];
	}
}
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const lines = CONTAINERS * LINES_PER_SECOND * SECONDS;
const share = cpuMs / (SECONDS * 1000);

const raised = spikes.flatMap((spike, c) => (spike ? [c] : []));
if (raised.length !== 1 || raised[0] !== 0) throw new Error(`expected a spike on container 0 only, got ${JSON.stringify(raised)}`);
console.log(`error spike watch: ${CONTAINERS} containers x ${LINES_PER_SECOND.toLocaleString('en')} lines/s, ${SECONDS} s simulated (synthetic frames, no engine)`);
console.log(`  ${lines.toLocaleString('en')} lines decoded and matched in ${cpuMs.toFixed(0)} ms of CPU (${(performance.now() - wall).toFixed(0)} ms wall)`);
console.log(`  cost: ${(share * 100).toFixed(1)}% of one core, ${((cpuMs * 1e6) / lines).toFixed(0)} ns a line; the one spike was found, on the container that had it`);
