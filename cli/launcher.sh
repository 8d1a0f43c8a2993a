#!/bin/sh
':' //; exec node --max-semi-space-size=8 --v8-pool-size=1 "$0" "$@"
// The built CLI's first lines, both shell and JavaScript. Run as a program, sh runs the line above, which
// starts Node with the V8 settings that only its command line can give; Node reads it as a string and a
// comment. The semi-space cap keeps V8's young generation at 16 MB rather than letting it grow to 128 MB
// while a large inventory arrives: at 100k resources left open a minute, 16 MB semi-spaces peaked 30 MB
// higher than these, and 64 MB ones 130 MB higher, for a few more young collections. One V8 worker thread
// rather than Node's four: glibc gives each thread that compiles or collects its own malloc arena, which keeps
// what it held; on the host alone that was 4 MB of the peak, and the 100k launches kept to their targets (see
// the README's Performance section). `node dist/cli.js` runs without either.
