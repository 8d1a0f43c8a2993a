// Run as its own node process by test/timeline.test.ts: one opsdeck process appending to the shared timeline.
import {Timeline} from '../../source/timeline/timeline.js';

const [file, writer, batches, perBatch, maxBytes] = process.argv.slice(2);
const {timeline} = await Timeline.open(file!, {maxAgeMs: 86_400_000, maxBytes: Number(maxBytes)}, {
	onError: error => {
		process.stderr.write(`${error.message}\n`);
		process.exitCode = 1;
	},
});
for (let batch = 0; batch < Number(batches); batch++) {
	timeline.append(Array.from({length: Number(perBatch)}, (_, i) => ({t: Date.now(), kind: 'added' as const, summary: `${writer}-${batch * Number(perBatch) + i}`})));
}
await timeline.settled();
