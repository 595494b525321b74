package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The accuracy LaneMath states, on every 257th float of [−104, 0] (about 4 million values; the
 * exhaustive sweep, LaneMathAccuracy in bench/, measured exp ≤ 1.48 u, log1p ≤ 3.39 u and
 * sigmoid ≤ 3.39 u with u = 2^−24).
 */
class LaneMathTest {
  private static final double U = 0x1p-24;
  static final double EXP_ERROR = 2 * U;
  static final double LOG1P_ERROR = 4 * U;
  /** exp's error, then 1 + e, the division and e·r each round once. */
  static final double SIGMOID_ERROR = EXP_ERROR + 3 * U;

  @Test
  void expLog1pAndSigmoidWithinTheirStatedErrors() {
    int lanes = Species.LANES;
    int stride = Species.NATIVE ? 257 : 9973; // emulated widths are slow
    float[] in = new float[lanes];
    float[] e = new float[lanes];
    float[] out = new float[lanes];
    long last = Float.floatToRawIntBits(-104f) & 0xffffffffL;
    int k = 0;
    long checked = 0;
    for (long bits = 0x80000000L; bits <= last; bits += stride) {
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
          assertTrue(Math.abs(e[i] - exact) <= EXP_ERROR * exact, "exp(" + in[i] + ") = " + e[i]);
        } else {
          assertTrue(Math.abs(e[i] - exact) <= 0x1p-149, "exp(" + in[i] + ") = " + e[i]);
        }
        if (e[i] > 0) {
          double l = Math.log1p(e[i]);
          assertTrue(Math.abs(out[i] - l) <= LOG1P_ERROR * l, "log1p(" + e[i] + ") = " + out[i]);
        }
      }
      LaneMath.sigmoid(t).intoArray(out, 0);
      for (int i = 0; i < lanes; i++) {
        double exact = 1 / (1 + Math.exp(-(double) in[i]));
        double slack = exact >= 0x1p-126 ? SIGMOID_ERROR * exact : 0x1p-148;
        assertTrue(Math.abs(out[i] - exact) <= slack, "σ(" + in[i] + ") = " + out[i]);
      }
      LaneMath.sigmoid(t.neg()).intoArray(out, 0);
      for (int i = 0; i < lanes; i++) {
        double exact = 1 / (1 + Math.exp(in[i]));
        assertTrue(Math.abs(out[i] - exact) <= SIGMOID_ERROR * exact, "σ(" + -in[i] + ") = " + out[i]);
      }
      checked += lanes;
    }
    assertTrue(checked > 100_000, "checked " + checked);
  }

  @Test
  void edgesOfTheRange() {
    float[] t = new float[Species.LANES];
    float[] specials = {0f, -0f, -1e-45f, -1e-30f, -87.33f, -87.34f, -103.9f, -104f, -1e4f,
        Float.NEGATIVE_INFINITY, -Float.MAX_VALUE};
    for (float v : specials) {
      java.util.Arrays.fill(t, v);
      float e = LaneMath.expNonPositive(FloatVector.fromArray(Species.FLOAT, t, 0)).lane(0);
      double exact = Math.exp(v);
      assertTrue(Math.abs(e - exact) <= Math.max(EXP_ERROR * exact, 0x1p-149), "exp(" + v + ") = " + e);
      float s = LaneMath.sigmoid(FloatVector.fromArray(Species.FLOAT, t, 0)).lane(0);
      assertTrue(s >= 0f && s <= 1f && !Float.isNaN(s), "σ(" + v + ") = " + s);
      float sn = LaneMath.sigmoid(FloatVector.fromArray(Species.FLOAT, t, 0).neg()).lane(0);
      assertTrue(sn >= 0f && sn <= 1f, "σ(" + -v + ") = " + sn);
    }
    assertEquals(1f, LaneMath.expNonPositive(FloatVector.zero(Species.FLOAT)).lane(0));
  }

  @Test
  void laneSumIsTheFixedTree() {
    float[] v = new float[Species.LANES];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.scalb(1.0 + i / 7.0, (i * 5) % 31 - 15);
    }
    assertEquals(tree(v, 0, v.length), LaneMath.sum(FloatVector.fromArray(Species.FLOAT, v, 0)));
  }

  /** The halving tree of LaneMath.sum: lane i pairs with lane i + half, recursively. */
  private static float tree(float[] v, int from, int count) {
    float[] w = v.clone();
    for (int half = count / 2; half >= 1; half /= 2) {
      for (int i = 0; i < half; i++) {
        w[i] = w[i] + w[i + half];
      }
    }
    return w[0];
  }
}
