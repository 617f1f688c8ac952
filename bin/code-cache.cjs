// Runs the CommonJS bundle (lib/src/bundle/main.cjs, see scripts/bundle.mjs) with V8's code
// cache: the functions a build calls are compiled once, when the bundle is made, instead of on
// every start (Node 20 has no compile cache of its own for modules). A cache made by another Node
// or V8 is rejected by V8 and the bundle is compiled as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** Runs the bundle at `file`; returns its exports and the script, whose createCachedData() makes the cache. */
function loadBundle(file, cacheFile) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = cacheFile ? readFileSync(cacheFile) : undefined;
  } catch {
    // no cache yet: compiled as usual
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}

module.exports = { loadBundle };
