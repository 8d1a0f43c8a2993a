#!/bin/sh
':' //; exec node --max-semi-space-size=16 "$0" "$@"
// The built CLI's first lines, both shell and JavaScript. Run as a program, sh runs the line above, which
// starts Node with the V8 settings that only its command line can give; Node reads it as a string and a
// comment. The semi-space cap keeps V8's young generation at 32 MB rather than letting it grow to 128 MB
// while a large inventory arrives: about 130 MB less at 100k resources and 30 MB less at 10k, for a few
// more young collections (see the README's Performance section). `node dist/cli.js` runs without it.
