import {mountApp} from './bench/frame-latency.js';
import {syntheticInventory} from './bench/synthetic.js';
import {summarise} from './bench/stats.js';
const inventory = syntheticInventory(10_000);
const app = await mountApp(inventory);
const scroll: number[] = [];
for (let i = 0; i < 60; i++) scroll.push(await app.press('j'));
const panes: number[] = [];
for (let i = 0; i < 15; i++) panes.push(await app.press('2'), await app.press('1'));
const typing: number[] = [];
for (let run = 0; run < 4; run++) { await app.press('/'); for (const key of 'paymen') typing.push(await app.press(key)); await app.press('\u001B'); await app.settle(); }
console.log(JSON.stringify({scroll: summarise(scroll), panes: summarise(panes), typing: summarise(typing)}));
process.exit(0);
