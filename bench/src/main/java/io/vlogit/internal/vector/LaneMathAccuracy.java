package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;

/**
 * Exhaustive accuracy check of the lane-wise exp, log1p and sigmoid against Math.exp / Math.log1p in
 * double, over every float t in [−104, 0] (about 1.1e9 values; a minute at native width):
 *
 * <pre>java @jvm.config -cp bench/target/benchmarks.jar io.vlogit.internal.vector.LaneMathAccuracy</pre>
 *
 * Prints the largest relative errors in units of u = 2^−24 (for subnormal exp results, the largest
 * absolute error in units of 2^−149). LaneMathTest asserts the bounds stated in LaneMath on a strided
 * subset of the same range.
 */
public final class LaneMathAccuracy {
  private LaneMathAccuracy() {}

  public static void main(String[] args) {
    int lanes = Species.LANES;
    float[] in = new float[lanes];
    float[] out = new float[lanes];
    float[] e = new float[lanes];
    double exp = 0;
    double expSubnormal = 0;
    double log1p = 0;
    double sigmoid = 0;
    long last = Float.floatToRawIntBits(-104f) & 0xffffffffL;
    int k = 0;
    for (long bits = 0x80000000L; bits <= last; bits++) {
      in[k++] = Float.intBitsToFloat((int) bits);
      if (k < lanes) {
        continue;
      }
      k = 0;
      FloatVector t = FloatVector.fromArray(Species.FLOAT, in, 0);
      FloatVector ev = LaneMath.expNonPositive(t);
      ev.intoArray(e, 0);
      LaneMath.log1pUnit(ev).intoArray(out, 0);
      for (int i = 0; i < lanes; i++) {
        double exact = Math.exp(in[i]);
        if (exact >= 0x1p-126) {
          exp = Math.max(exp, Math.abs(e[i] - exact) / exact);
        } else {
          expSubnormal = Math.max(expSubnormal, Math.abs(e[i] - exact));
        }
        if (e[i] > 0) {
          double l = Math.log1p(e[i]);
          log1p = Math.max(log1p, Math.abs(out[i] - l) / l);
        }
      }
      for (FloatVector z : new FloatVector[] {t, t.neg()}) {
        LaneMath.sigmoid(z).intoArray(out, 0);
        float[] zs = z.toArray();
        for (int i = 0; i < lanes; i++) {
          double exact = 1 / (1 + Math.exp(-(double) zs[i]));
          if (exact >= 0x1p-126) {
            sigmoid = Math.max(sigmoid, Math.abs(out[i] - exact) / exact);
          }
        }
      }
    }
    System.out.printf("exp:      max relative error %.2f u (results >= 2^-126); subnormal results within %.2f x 2^-149%n",
        exp / 0x1p-24, expSubnormal / 0x1p-149);
    System.out.printf("log1p:    max relative error %.2f u (on e = exp(t), t in [-104, 0])%n", log1p / 0x1p-24);
    System.out.printf("sigmoid:  max relative error %.2f u (z in [-104, 104], results >= 2^-126)%n", sigmoid / 0x1p-24);
  }
}
