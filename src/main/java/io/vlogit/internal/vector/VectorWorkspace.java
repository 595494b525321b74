package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.GradientWorkspace;

/**
 * Per-thread scratch of the Vector API kernels, sized once for n: float partial sums (flushed into
 * the double sums of {@link GradientWorkspace} every {@link VectorKernel#FLUSH} examples), the
 * logits and dz of one block, and for narrow data a transposed block of examples.
 */
final class VectorWorkspace extends GradientWorkspace {
  /** Wide path: float partial gradient, one entry per feature. */
  final float[] dwAcc;
  /** Wide path: examples per block, a power of two in [4, 64] so blocks tile FLUSH exactly. */
  final int block;
  /** Logits, labels, weights and dz of one block, padded to whole vectors. */
  final float[] zBuf;
  final float[] yBuf;
  final float[] sBuf;
  final float[] dzBuf;
  /** Narrow path: one block of LANES examples transposed, feature i at [i*LANES, (i+1)*LANES). */
  final float[] transposed;
  /** Narrow path: per-lane partial gradient, feature i at [i*LANES, (i+1)*LANES). */
  final float[] laneGrad;

  VectorWorkspace(int n, boolean narrow) {
    super(n);
    int lanes = Species.LANES;
    this.block = Integer.max(4, Integer.min(64, Integer.highestOneBit(Math.max(1, 4096 / Math.max(1, n)))));
    int padded = Math.max(block, lanes);
    padded = (padded + lanes - 1) / lanes * lanes;
    this.zBuf = new float[padded];
    this.yBuf = new float[padded];
    this.sBuf = new float[padded];
    this.dzBuf = new float[padded];
    this.dwAcc = narrow ? new float[0] : new float[n];
    this.transposed = narrow ? new float[n * lanes] : new float[0];
    this.laneGrad = narrow ? new float[n * lanes] : new float[0];
  }
}
