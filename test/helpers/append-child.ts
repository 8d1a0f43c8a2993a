// Run as its own node process by test/append-log.test.ts: one opsdeck process appending to a shared audit trail.
import {AuditTrail} from '../../source/audit.js';

const [file, writer, count, limit] = process.argv.slice(2);
const {audit} = await AuditTrail.open(file!, {limit: Number(limit)});
const appends = Array.from({length: Number(count)}, (_, i) =>
	audit.append({time: new Date().toISOString(), user: 'test', action: 'stop', provider: 'host', target: `${writer}-${i}`, targetId: String(i), result: 'succeeded', message: ''}),
);
await Promise.all(appends);
