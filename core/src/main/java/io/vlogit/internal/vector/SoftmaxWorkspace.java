package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.GradientWorkspace;

/**
 * Per-thread scratch of the Vector API softmax pass ({@link SoftmaxGradient}), sized once for n
 * features and K classes. Classes are padded to a multiple of four ({@code padded}): the forward
 * pass works on groups of four classes, and the padding's rows are zeros. The backward pass takes a
 * last group of one or two real classes as a pair ({@link SoftmaxBackward}).
 */
final class SoftmaxWorkspace extends GradientWorkspace {
  /** Examples per block: a multiple of four and of the lanes (L ≤ 16), dividing the flush. */
  static final int BLOCK = 16;

  final int classes;
  final int padded;

  /** Floats per class in {@link #gradAcc}: the whole vectors of features, then the last one. */
  final int stride;

  /**
   * The weights' whole vectors (features below n/L·L), copied at each call, interleaved by groups
   * of four classes: class c's vector v at {@code (c − c%4)·full + (4v + c%4)·L}, where full =
   * n/L·L. The forward pass reads a group's four vectors at v from one index instead of four row
   * offsets; the registers this frees let C2 on JDK 17 unroll that loop (bench/README.md, "The
   * softmax's weights side by side"). The padding's classes are zeros.
   */
  final float[] w;

  /** Per class, its last vector of weights (features n − L ..), with the lanes below n/L·L zero. */
  final float[] wLast;

  /** Entry q is the bias of class q/4: a group's 16 logits come out four examples per class. */
  final float[] biasLanes;

  /** The block's logits, class-major: class c's BLOCK examples at {@code [c·BLOCK ..]}. */
  final float[] z;

  /** z − max, then its exp, for the K real classes. */
  final float[] e;

  /** The block's dz, class-major like {@link #z}; the padding's rows stay zero. */
  final float[] dz;

  /** The float partial gradient, {@link #stride} floats per class (padding included). */
  final float[] gradAcc;

  /** Float lane sums of dz, L per class. */
  final float[] dzAcc;

  /** One group's 16 logits, four examples per class. */
  final float[] group = new float[16];

  final float[] yBuf = new float[BLOCK];
  final float[] sBuf = new float[BLOCK];
  final float[] maxBuf = new float[BLOCK];
  final float[] sumBuf = new float[BLOCK];
  final int[] offsets = new int[BLOCK];

  /**
   * Whether the forward and backward passes take a last group of one or two real classes as a pair
   * ({@link SoftmaxPairLogits#dot8}, {@link SoftmaxBackward#twoClasses}) rather than four; tests
   * clear it, to compare the two in one JVM.
   */
  boolean lastPair = true;

  SoftmaxWorkspace(int n, int classes) {
    super(n, classes);
    int lanes = Species.LANES;
    this.classes = classes;
    this.padded = (classes + 3) / 4 * 4;
    int full = n / lanes * lanes;
    this.stride = full + (full < n ? lanes : 0);
    this.w = new float[padded * full];
    this.wLast = new float[padded * lanes];
    this.biasLanes = new float[padded * 4];
    this.z = new float[padded * BLOCK];
    this.e = new float[classes * BLOCK];
    this.dz = new float[padded * BLOCK];
    this.gradAcc = new float[padded * stride];
    this.dzAcc = new float[classes * lanes];
  }

  /** Copies the caller's K rows of weights and biases into the padded layouts. */
  void load(float[] weights, float[] biases, int n) {
    int lanes = Species.LANES;
    int full = n / lanes * lanes;
    for (int c = 0; c < classes; c++) {
      int to = (c - c % 4) * full + c % 4 * lanes;
      for (int i = 0; i < full; i += lanes) {
        System.arraycopy(weights, c * n + i, w, to + 4 * i, lanes);
      }
    }
    if (full < n) {
      for (int c = 0; c < classes; c++) {
        for (int l = 0; l < lanes; l++) {
          int feature = n - lanes + l;
          wLast[c * lanes + l] = feature >= full ? weights[c * n + feature] : 0f;
        }
      }
    }
    for (int q = 0; q < classes * 4; q++) {
      biasLanes[q] = biases[q / 4];
    }
  }

  /** Adds the float partial sums into the double sums and zeroes them. */
  void flush() {
    int lanes = Species.LANES;
    int n = features();
    int full = n / lanes * lanes;
    for (int c = 0; c < classes; c++) {
      int at = c * stride;
      int row = c * n;
      for (int i = 0; i < full; i++) {
        gradient[row + i] += gradAcc[at + i];
      }
      for (int l = 0; l < stride - full; l++) {
        int feature = n - lanes + l;
        if (feature >= full) {
          gradient[row + feature] += gradAcc[at + full + l];
        }
      }
      classDz[c] += LaneMath.sumLanesInPlace(dzAcc, c * lanes);
    }
    java.util.Arrays.fill(gradAcc, 0f);
    java.util.Arrays.fill(dzAcc, 0f);
  }
}
