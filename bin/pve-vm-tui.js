#!/usr/bin/env node
'use strict';
// The program is bundled into one file (scripts/build-bundle.ts) and run through a V8 code cache
// (src/code-cache.ts): both for start-up time, see docs/benchmarks.md. `npm run build` makes both.
const path = require('node:path');

require('../dist/src/code-cache.js').runBundle(path.join(__dirname, '../dist/bundle/pve-vm-tui.js'));
