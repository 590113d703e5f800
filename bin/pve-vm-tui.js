#!/usr/bin/env node
'use strict';
// V8 tuned for a short interactive session, then the whole program as one bundle through a V8
// code cache: src/launch.ts says why, docs/benchmarks.md has the figures. `npm run build` makes
// dist/ (tsc) and the bundle (scripts/build-bundle.ts).
require('../dist/src/launch.js').launch(require('node:path').join(__dirname, '../dist/bundle/pve-vm-tui.js'));
