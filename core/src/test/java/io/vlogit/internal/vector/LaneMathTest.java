package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The accuracy LaneMath states, on every 257th float t of [−104, 0] (about 4 million values; the
 * exhaustive sweep, LaneMathAccuracyTest (opt-in), measured exp ≤ 1.48 u, log1p ≤ 3.39 u and σ ≤
 * 3.39 u with u = 2^−24). log1p is checked through the loss: for y = 0 and z ≤ 0 the loss is max(z,
 * 0) + log1p(e) = log1p(e) exactly.
 */
class LaneMathTest {
  private static final double U = 0x1p-24;
  static final double EXP_ERROR = 2 * U;
  static final double LOG1P_ERROR = 4 * U;

  /** exp's error, then 1 + e, the division and e·r each round once. */
  static final double SIGMOID_ERROR = EXP_ERROR + 3 * U;

  private static final int L = Species.LANES;

  /** exp, σ(t), σ(−t) and log1p(exp(t)) of one vector of t ≤ 0, computed by the kernel's leaves. */
  private static final class Lanes {
    final float[] e = new float[L];
    final float[] sigmoid = new float[L];
    final float[] sigmoidOfMinus = new float[L];
    final float[] log1p = new float[L];

    Lanes(float[] t) {
      LaneMath.expNegAbs(t, 0, e, 0, L, false);
      LaneMath.expNegAbs(t, 0, sigmoid, 0, L, true);
      float[] minus = new float[L];
      for (int i = 0; i < L; i++) {
        minus[i] = -t[i];
      }
      LaneMath.expNegAbs(minus, 0, sigmoidOfMinus, 0, L, true);
      float[] acc = new float[2 * L];
      float[] dz = new float[L];
      float[] ones = new float[L];
      java.util.Arrays.fill(ones, 1f);
      LaneMath.logistic(t, e, 0, new float[L], 0, ones, 0, L, dz, acc, true);
      System.arraycopy(acc, 0, log1p, 0, L); // one vector: the lane sums are the losses themselves
    }
  }

  @Test
  void expLog1pAndSigmoidWithinTheirStatedErrors() {
    int stride = Species.NATIVE ? 257 : 9973; // emulated widths are slow
    float[] t = new float[L];
    long last = Float.floatToRawIntBits(-104f) & 0xffffffffL;
    int k = 0;
    long checked = 0;
    for (long bits = 0x80000000L; bits <= last; bits += stride) {
      t[k++] = Float.intBitsToFloat((int) bits);
      if (k < L) {
        continue;
      }
      k = 0;
      Lanes r = new Lanes(t);
      for (int i = 0; i < L; i++) {
        double exact = Math.exp(t[i]);
        float e = r.e[i];
        assertTrue(
            Float.floatToRawIntBits(e) >= 0, "exp(" + t[i] + ") = " + e + " is not +0 or positive");
        assertTrue(
            Math.abs(e - exact) <= (exact >= 0x1p-126 ? EXP_ERROR * exact : 0x1p-149),
            "exp(" + t[i] + ") = " + e);
        if (e > 0) {
          double l = Math.log1p(e);
          assertTrue(
              Math.abs(r.log1p[i] - l) <= LOG1P_ERROR * l, "log1p(" + e + ") = " + r.log1p[i]);
        }
        double s = 1 / (1 + Math.exp(-(double) t[i]));
        assertTrue(
            Math.abs(r.sigmoid[i] - s) <= (s >= 0x1p-126 ? SIGMOID_ERROR * s : 0x1p-148),
            "σ(" + t[i] + ") = " + r.sigmoid[i]);
        double sm = 1 / (1 + Math.exp(t[i]));
        assertTrue(
            Math.abs(r.sigmoidOfMinus[i] - sm) <= SIGMOID_ERROR * sm,
            "σ(" + -t[i] + ") = " + r.sigmoidOfMinus[i]);
      }
      checked += L;
    }
    assertTrue(checked > 100_000, "checked " + checked);
  }

  /**
   * LaneMath.logAtLeastOne's stated error, about 5.4 u of ln a (3.39 u of its log1p, the product by
   * t and two fmas, each rounding once; ln 2's low part errs by 2^−24 of 1.4e−6, nothing here),
   * taken as 6 u, on every 257th float of [1, 2^20] and at the edges of each binade; ln 1 is +0,
   * and a value that is not finite gives NaN.
   */
  @Test
  void logOfAtLeastOneWithinItsStatedError() {
    int stride = Species.NATIVE ? 257 : 9973;
    float[] a = new float[L];
    float[] got = new float[L];
    long first = Float.floatToRawIntBits(1f);
    long last = Float.floatToRawIntBits(0x1p20f);
    int k = 0;
    long checked = 0;
    for (long bits = first; bits <= last; bits += stride) {
      a[k++] = Float.intBitsToFloat((int) bits);
      if (k < L) {
        continue;
      }
      k = 0;
      checked += checkLog(a, got);
    }
    for (float binade = 1f; binade <= 0x1p20f; binade *= 2) {
      java.util.Arrays.fill(a, binade);
      a[0] = Math.nextUp(binade);
      a[L - 1] = Math.nextDown(2 * binade);
      checked += checkLog(a, got);
    }
    assertTrue(checked > 100_000, "checked " + checked);
    java.util.Arrays.fill(a, 1f);
    LaneMath.logAtLeastOne(a, 0, L);
    assertEquals(0, Float.floatToRawIntBits(a[0]), "ln 1 = " + a[0]);
    for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      java.util.Arrays.fill(a, v);
      LaneMath.logAtLeastOne(a, 0, L);
      assertTrue(Float.isNaN(a[L - 1]), "ln " + v + " = " + a[L - 1]);
    }
  }

  private static int checkLog(float[] a, float[] got) {
    System.arraycopy(a, 0, got, 0, L);
    LaneMath.logAtLeastOne(got, 0, L);
    for (int i = 0; i < L; i++) {
      double exact = Math.log(a[i]);
      assertTrue(
          Math.abs(got[i] - exact) <= 6 * U * exact, "ln " + a[i] + " = " + got[i] + ", " + exact);
    }
    return L;
  }

  @Test
  void edgesOfTheRange() {
    float[] specials = {
      0f,
      -0f,
      -1e-45f,
      -1e-30f,
      -87.33f,
      -87.34f,
      -103.9f,
      -104f,
      -1e4f,
      Float.NEGATIVE_INFINITY,
      -Float.MAX_VALUE
    };
    float[] t = new float[L];
    for (float v : specials) {
      java.util.Arrays.fill(t, v);
      Lanes r = new Lanes(t);
      double exact = Math.exp(v);
      assertTrue(
          Math.abs(r.e[0] - exact) <= Math.max(EXP_ERROR * exact, 0x1p-149),
          "exp(" + v + ") = " + r.e[0]);
      assertTrue(r.sigmoid[0] >= 0f && r.sigmoid[0] <= 1f, "σ(" + v + ") = " + r.sigmoid[0]);
      assertTrue(
          r.sigmoidOfMinus[0] >= 0f && r.sigmoidOfMinus[0] <= 1f,
          "σ(" + -v + ") = " + r.sigmoidOfMinus[0]);
    }
    // σ(−1e4) underflows to exactly 0 (exp(−1e4) is 0), σ(1e4) is exactly 1, σ(±0) = ½.
    java.util.Arrays.fill(t, -1e4f);
    assertEquals(0f, new Lanes(t).sigmoid[0]);
    assertEquals(1f, new Lanes(t).sigmoidOfMinus[0]);
    java.util.Arrays.fill(t, -0f);
    assertEquals(0.5f, new Lanes(t).sigmoid[0]);
  }

  @Test
  void theScalarSigmoidHasTheLanesBits() {
    // Every 4099th float of both signs (about 2 million, across the whole range: subnormals, the
    // saturation beyond |z| = 17 and 104, the largest floats, infinities), in vectors of L.
    float[] z = new float[L];
    float[] lanes = new float[L];
    int k = 0;
    long checked = 0;
    for (long bits = 0; bits <= 0xffffffffL; bits += Species.NATIVE ? 4099 : 400009) {
      float v = Float.intBitsToFloat((int) bits);
      if (Float.isNaN(v)) {
        continue;
      }
      z[k++] = v;
      if (k < L) {
        continue;
      }
      k = 0;
      LaneMath.expNegAbs(z, 0, lanes, 0, L, true);
      for (int i = 0; i < L; i++) {
        assertEquals(
            Float.floatToRawIntBits(lanes[i]),
            Float.floatToRawIntBits(LaneMath.sigmoid(z[i])),
            "σ(" + z[i] + "): lanes " + lanes[i] + ", scalar " + LaneMath.sigmoid(z[i]));
      }
      checked += L;
    }
    for (float v :
        new float[] {
          0f,
          -0f,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY,
          Float.MIN_VALUE,
          -Float.MIN_VALUE,
          Float.MAX_VALUE,
          -Float.MAX_VALUE,
          104f,
          -104f,
          87.33f
        }) {
      java.util.Arrays.fill(z, v);
      LaneMath.expNegAbs(z, 0, lanes, 0, L, true);
      assertEquals(
          Float.floatToRawIntBits(lanes[0]),
          Float.floatToRawIntBits(LaneMath.sigmoid(v)),
          "σ(" + v + ")");
    }
    // Every float of [−105, −85] (every 101st off the native width), where 2^k leaves the normal
    // range (k < −126 from about −87.3) and the scalar σ scales in two multiplies instead of one.
    int step = Species.NATIVE ? 1 : 101;
    long dense = 0;
    for (int bits = Float.floatToRawIntBits(-85f);
        bits <= Float.floatToRawIntBits(-105f);
        bits += step * L) {
      for (int i = 0; i < L; i++) {
        z[i] = Float.intBitsToFloat(bits + i * step);
      }
      LaneMath.expNegAbs(z, 0, lanes, 0, L, true);
      for (int i = 0; i < L; i++) {
        if (Float.floatToRawIntBits(lanes[i]) != Float.floatToRawIntBits(LaneMath.sigmoid(z[i]))) {
          assertEquals(lanes[i], LaneMath.sigmoid(z[i]), "σ(" + z[i] + ")");
        }
      }
      dense += L;
    }
    assertTrue(dense > (Species.NATIVE ? 2_000_000 : 20_000), "dense " + dense);
    assertEquals(0f, LaneMath.sigmoid(Float.NEGATIVE_INFINITY));
    assertEquals(1f, LaneMath.sigmoid(Float.POSITIVE_INFINITY));
    assertTrue(checked > (Species.NATIVE ? 1_000_000 : 10_000), "checked " + checked);
  }

  @Test
  void everyLaneSumIsTheSameFixedTree() {
    float[] v = new float[L];
    for (int i = 0; i < L; i++) {
      v[i] = (float) Math.scalb(1.0 + i / 7.0, (i * 5) % 31 - 15) * (i % 3 == 0 ? -1 : 1);
    }
    float expected = tree(v);
    assertEquals(expected, LaneMath.sumLanesInPlace(v.clone(), 0));
    // With w = 1 and n = L every lane of a training logit and of a score holds one product: their
    // sums are the tree. A block of 2L examples, each v rotated by its index, so that every example
    // of the transposing lane sum (LaneFold) has lanes of its own.
    float[] ones = new float[L];
    java.util.Arrays.fill(ones, 1f);
    int count = 2 * L;
    float[] x = new float[count * L];
    for (int e = 0; e < count; e++) {
      for (int i = 0; i < L; i++) {
        x[e * L + i] = v[(i + e) % L] * (e % 3 == 1 ? -1 : 1);
      }
    }
    VectorWorkspace ws = new VectorWorkspace(L, false);
    for (int j0 = 0; j0 < count; j0 += ws.block) {
      int inBlock = Math.min(ws.block, count - j0);
      WideGradient.logits(x, null, j0, inBlock, L, ones, 0.5f, ws, false);
      for (int e = j0; e < j0 + inBlock; e++) {
        float[] lanes = java.util.Arrays.copyOfRange(x, e * L, e * L + L);
        assertEquals(tree(lanes) + 0.5f, ws.zBuf[e - j0], "example " + e);
        assertEquals(tree(lanes) + 0.5f, new VectorKernel().logit(ones, 0.5f, x, e * L));
      }
    }
  }

  /** The halving tree: lane i pairs with lane i + half, recursively on the low half. */
  private static float tree(float[] v) {
    float[] w = v.clone();
    for (int half = w.length / 2; half >= 1; half /= 2) {
      for (int i = 0; i < half; i++) {
        w[i] = w[i] + w[i + half];
      }
    }
    return w[0];
  }
}
