#!/bin/sh
':' //; exec node --max-semi-space-size=1 --v8-pool-size=1 "$0" "$@"
// The built CLI's first lines, both shell and JavaScript. Run as a program, sh runs the line above, which
// starts Node with the V8 settings that only its command line can give; Node reads it as a string and a
// comment. The semi-space cap keeps V8's young generation small. Left to itself it grows to 128 MB while a
// large inventory arrives; with 8 MB semi-spaces it still took 7 MB as the dashboard started, which V8 keeps in
// its page pool once the young generation shrinks again. With 1 MB ones the host screen alone peaked 3 to 4 MB
// lower for the same idle CPU, 10k resources cost 0.2 points more of a core, and 100k resources left open a
// minute peaked no higher. One V8 worker thread rather than Node's four: glibc gives each thread that compiles
// or collects its own malloc arena, which keeps what it held; on the host alone that was 4 MB of the peak, and
// the 100k launches kept to their targets. The README's Performance section has the figures. `node
// dist/cli.js` runs without either.
