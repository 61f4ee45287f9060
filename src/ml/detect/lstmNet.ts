/**
 * The LSTM forecaster's network as plain typed arrays: one LSTM layer (Keras/tfjs-layers convention:
 * gates i, f, c, o; sigmoid gates, tanh cell) over a window of scalar inputs, then a dense layer to one
 * output. Training happens in tfjs (lstmTrain.ts); prediction runs here, in float64 from the float32
 * weights, so that it is exactly repeatable whatever the chunking and costs microseconds per point
 * instead of a tfjs dispatch per gate. No tfjs import: restoring or scoring never needs it.
 */

/** Weights of the network; shapes as in tfjs-layers (row-major). */
export interface LstmWeights {
  units: number;
  /** Input kernel [1, 4 units]. */
  kernel: Float32Array;
  /** Recurrent kernel [units, 4 units]. */
  recurrent: Float32Array;
  /** Gate biases [4 units]. */
  bias: Float32Array;
  /** Dense kernel [units, 1]. */
  dense: Float32Array;
  /** Dense bias [1]. */
  denseBias: Float32Array;
}

/** All-zero weights: the network then outputs 0 (the detector's naive "no change" forecast). */
export function zeroWeights(units: number): LstmWeights {
  return {
    units,
    kernel: new Float32Array(4 * units),
    recurrent: new Float32Array(units * 4 * units),
    bias: new Float32Array(4 * units),
    dense: new Float32Array(units),
    denseBias: new Float32Array(1),
  };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Reusable scratch space for {@link lstmForward}. */
export class LstmScratch {
  readonly h: Float64Array;
  readonly c: Float64Array;
  readonly z: Float64Array;

  constructor(units: number) {
    this.h = new Float64Array(units);
    this.c = new Float64Array(units);
    this.z = new Float64Array(4 * units);
  }
}

/**
 * Runs the network over `x[from .. from + len)` from a zero state and returns the dense output.
 * Cost: len * 4 units * (units + 1) multiply-adds.
 */
export function lstmForward(w: LstmWeights, x: ArrayLike<number>, from: number, len: number, s: LstmScratch): number {
  const u = w.units;
  const g = 4 * u;
  const { h, c, z } = s;
  h.fill(0);
  c.fill(0);
  for (let step = 0; step < len; step++) {
    const xt = x[from + step];
    for (let j = 0; j < g; j++) {
      z[j] = w.bias[j] + xt * w.kernel[j];
    }
    for (let k = 0; k < u; k++) {
      const hk = h[k];
      if (hk === 0) {
        continue;
      }
      const base = k * g;
      for (let j = 0; j < g; j++) {
        z[j] += hk * w.recurrent[base + j];
      }
    }
    for (let k = 0; k < u; k++) {
      const i = sigmoid(z[k]);
      const f = sigmoid(z[u + k]);
      const cc = Math.tanh(z[2 * u + k]);
      const o = sigmoid(z[3 * u + k]);
      c[k] = f * c[k] + i * cc;
      h[k] = o * Math.tanh(c[k]);
    }
  }
  let y = w.denseBias[0];
  for (let k = 0; k < u; k++) {
    y += h[k] * w.dense[k];
  }
  return y;
}
