#!/usr/bin/env node
'use strict';
require('../dist/src/bin.js');
