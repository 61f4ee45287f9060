/**
 * TensorFlow.js stays out of everything a dashboard loads by default: the four module.js files and
 * the engine worker chunk (one chunk, augurs' glue included; it fetches only augurs' `.wasm`). It lives in exactly one other chunk, the LSTM worker's, which the browser
 * fetches only when a panel asks for the LSTM (tests/browser/panels.lstm.test.ts checks the fetch).
 *
 * Markers: tfjs-core keeps its engine on the global `_tfengine` (a property name, so minification
 * keeps it); each worker chunk is recognised by its handler table's "unknown ... method" message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireDist } from './distFixture';

const TFJS = '_tfengine';
const MODULES = ['module.js', 'datasource/module.js', 'panels/anomaly/module.js', 'panels/forecast/module.js'];
// webpack's worker chunk loading: importScripts(<require>.p + <require>.u(chunkId)).
const CHUNK_LOADING = /importScripts\(\s*[\w$]+\.p\s*\+\s*[\w$]+\.u\(/;

function rootChunks(dist: string): Array<{ file: string; text: string }> {
  return readdirSync(dist)
    .filter((f) => f.endsWith('.js') && f !== 'module.js')
    .map((file) => ({ file, text: readFileSync(join(dist, file), 'utf8') }));
}

const dist = requireDist();
const chunks = rootChunks(dist);

it("the marker is tfjs-core's: the installed tfjs build contains it", () => {
  const core = readFileSync(require.resolve('@tensorflow/tfjs-core/dist/tf-core.min.js'), 'utf8');
  expect(core).toContain(TFJS);
});

it.each(MODULES)('%s does not contain tfjs', (file) => {
  expect(readFileSync(join(dist, file), 'utf8')).not.toContain(TFJS);
});

it('the engine worker chunk does not contain tfjs', () => {
  const engine = chunks.filter((c) => c.text.includes('unknown worker method'));
  expect(engine.map((c) => c.file)).toHaveLength(1);
  expect(engine[0].text).not.toContain(TFJS);
});

it("the engine worker is one chunk with augurs' glue inside, and references augurs' .wasm asset", () => {
  const engine = chunks.find((c) => c.text.includes('unknown worker method'))!;
  expect(engine.text).not.toMatch(CHUNK_LOADING);
  const wasm = engine.text.match(/"([0-9a-f]+\.wasm)"/)?.[1];
  expect(wasm).toBeDefined();
  expect(readdirSync(dist)).toContain(wasm);
});

it('tfjs is in exactly one chunk: the LSTM worker, which loads no other chunk', () => {
  const withTf = chunks.filter((c) => c.text.includes(TFJS));
  expect(withTf.map((c) => c.file)).toHaveLength(1);
  expect(withTf[0].text).toContain('unknown LSTM worker method');
  expect(withTf[0].text).not.toMatch(CHUNK_LOADING);
});

it("the chunk-loading pattern is real: it matches webpack's importScripts chunk loading", () => {
  // webpack's template, as a development build emits it; a production build minifies the names.
  const template = readFileSync(
    require.resolve('webpack/lib/webworker/ImportScriptsChunkLoadingRuntimeModule.js'),
    'utf8'
  );
  expect(template).toContain('`${RuntimeGlobals.publicPath} + ${RuntimeGlobals.getChunkScriptFilename}(chunkId)`');
  expect('importScripts(__webpack_require__.p + __webpack_require__.u(chunkId));').toMatch(CHUNK_LOADING);
  expect('importScripts(n.p+n.u(e))').toMatch(CHUNK_LOADING);
});
