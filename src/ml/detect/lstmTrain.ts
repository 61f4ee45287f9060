/**
 * Trains the LSTM forecaster's weights with tfjs (the only module of the detectors that imports tfjs;
 * reached through the dynamic import in lstmLoader.ts). Full-batch Adam on mean squared error, weights
 * initialised from our seeded PRNG (Glorot-uniform kernels, forget-gate bias 1 as in Keras), samples in
 * order: the result depends only on the data, the seed and the backend.
 *
 * Backend: wasm where the host said where its .wasm files are (tfWasm.ts; Node hosts point at the
 * package's dist folder), else the CPU backend: when wasm cannot start, and always in a browser
 * bundle (the LSTM worker), which does not serve the .wasm files and must not fetch them from
 * elsewhere. The two may differ in the last float32 bits, so weights trained on one are not
 * bit-identical to the other's.
 */
// The union package, not tfjs-core alone: its CommonJS build registers the gradients and the CPU
// backend (tfjs-core's gradient registry is published only as ES modules).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Mulberry32 } from '../core/prng';
import { tfWasmDir } from './tfWasm';
import { LstmWeights } from './lstmNet';

let ready: Promise<string> | null = null;

/** Starts the tfjs backend once (wasm where its files are known, else cpu) and resolves to its name. */
export function initTfBackend(): Promise<string> {
  if (!ready) {
    ready = (async () => {
      try {
        // No folder from the host (a bundle): do not try wasm, it would fetch the .wasm files from a guessed URL.
        const dir = tfWasmDir();
        if (dir) {
          setWasmPaths(dir);
          if (await tf.setBackend('wasm')) {
            await tf.ready();
            return 'wasm';
          }
        }
      } catch {
        // fall through to the CPU backend
      }
      await tf.setBackend('cpu');
      await tf.ready();
      return 'cpu';
    })();
  }
  return ready;
}

/** Name of the active tfjs backend (after {@link initTfBackend}). */
export function tfBackendName(): string {
  return tf.getBackend();
}

/** Training settings. */
export interface LstmTrainOptions {
  units: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

function glorot(rows: number, cols: number, fanIn: number, fanOut: number, g: Mulberry32): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const a = new Float32Array(rows * cols);
  for (let i = 0; i < a.length; i++) {
    a[i] = (2 * g.next() - 1) * limit;
  }
  return a;
}

/**
 * Fits the network to predict y[s] from the sequence x[s * window .. (s + 1) * window) for every
 * sample s. Synchronous (the backend must be ready: {@link initTfBackend}); frees all its tensors.
 */
export function trainLstm(
  x: Float32Array,
  y: Float32Array,
  window: number,
  o: LstmTrainOptions
): { weights: LstmWeights; loss: number } {
  const u = o.units;
  const n = y.length;
  const g = new Mulberry32(o.seed ^ 0x5eed1257);
  const bias = new Float32Array(4 * u);
  bias.fill(1, u, 2 * u); // forget gate starts open (Keras unit_forget_bias)
  const kernel = tf.variable(tf.tensor2d(glorot(1, 4 * u, 1, 4 * u, g), [1, 4 * u]));
  const recurrent = tf.variable(tf.tensor2d(glorot(u, 4 * u, u, 4 * u, g), [u, 4 * u]));
  const b = tf.variable(tf.tensor1d(bias));
  const dense = tf.variable(tf.tensor2d(glorot(u, 1, u, 1, g), [u, 1]));
  const denseBias = tf.variable(tf.zeros([1]));
  // Inputs per time step, [n, 1] each, built once.
  const steps: tf.Tensor2D[] = [];
  for (let j = 0; j < window; j++) {
    const col = new Float32Array(n);
    for (let s = 0; s < n; s++) {
      col[s] = x[s * window + j];
    }
    steps.push(tf.tensor2d(col, [n, 1]));
  }
  const target = tf.tensor2d(y, [n, 1]);
  const optimizer = tf.train.adam(o.learningRate);
  const loss = (): tf.Scalar => {
    let h: tf.Tensor = tf.zeros([n, u]);
    let c: tf.Tensor = tf.zeros([n, u]);
    for (let j = 0; j < window; j++) {
      const z = tf.add(tf.add(tf.matMul(steps[j], kernel), tf.matMul(h, recurrent)), b);
      const [zi, zf, zc, zo] = tf.split(z, 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zc)));
      h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
    }
    const pred = tf.add(tf.matMul(h, dense), denseBias);
    return tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar;
  };
  let last = NaN;
  for (let e = 0; e < o.epochs; e++) {
    // minimize() runs the loss inside its own tidy scope and frees the gradients.
    const l = optimizer.minimize(loss, true, [kernel, recurrent, b, dense, denseBias]);
    if (l) {
      last = l.dataSync()[0];
      l.dispose();
    }
  }
  const weights: LstmWeights = {
    units: u,
    kernel: kernel.dataSync() as Float32Array,
    recurrent: recurrent.dataSync() as Float32Array,
    bias: b.dataSync() as Float32Array,
    dense: dense.dataSync() as Float32Array,
    denseBias: denseBias.dataSync() as Float32Array,
  };
  // dataSync may return views of backend memory: copy before disposing.
  for (const k of ['kernel', 'recurrent', 'bias', 'dense', 'denseBias'] as const) {
    weights[k] = Float32Array.from(weights[k]);
  }
  optimizer.dispose();
  tf.dispose([kernel, recurrent, b, dense, denseBias, target, ...steps]);
  return { weights, loss: last };
}
