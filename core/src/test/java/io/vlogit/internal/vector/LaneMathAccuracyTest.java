package io.vlogit.internal.vector;

import static io.vlogit.internal.vector.LaneMathTest.EXP_ERROR;
import static io.vlogit.internal.vector.LaneMathTest.LOG1P_ERROR;
import static io.vlogit.internal.vector.LaneMathTest.SIGMOID_ERROR;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The exhaustive accuracy check of the lane-wise exp, log1p and σ against Math.exp and Math.log1p
 * in double, over every float t in [−104, 0] (about 1.1e9 values; a minute or two at native width),
 * where {@link LaneMathTest} samples every 257th. It prints the largest relative errors in units of
 * u = 2^−24 (for subnormal exp results, the largest absolute error in units of 2^−149): the figures
 * LaneMath's class comment states. Opt-in, for when the polynomials change:
 *
 * <pre>
 * ./mvnw -B -pl core test-compile surefire:test -Dtest=LaneMathAccuracyTest -Dvlogit.test.accuracy=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "vlogit.test.accuracy", matches = "true")
class LaneMathAccuracyTest {

  @Test
  void everyFloatOfTheRangeIsWithinTheStatedErrors() {
    int lanes = Species.LANES;
    float[] in = new float[lanes];
    float[] minus = new float[lanes];
    float[] e = new float[lanes];
    float[] sigmoid = new float[lanes];
    float[] acc = new float[2 * lanes];
    float[] dz = new float[lanes];
    float[] zeros = new float[lanes];
    float[] ones = new float[lanes];
    java.util.Arrays.fill(ones, 1f);
    double exp = 0;
    double expSubnormal = 0;
    double log1p = 0;
    double sig = 0;
    long last = Float.floatToRawIntBits(-104f) & 0xffffffffL;
    int k = 0;
    for (long bits = 0x80000000L; bits <= last; bits++) {
      in[k++] = Float.intBitsToFloat((int) bits);
      if (k < lanes) {
        continue; // fill a whole vector first
      }
      k = 0;
      LaneMath.expNegAbs(in, 0, e, 0, lanes, false);
      java.util.Arrays.fill(acc, 0f);
      // y = 0, z ≤ 0, weight 1: each lane's loss is log1p(exp(z)) exactly.
      LaneMath.logistic(in, e, 0, zeros, 0, ones, 0, lanes, dz, acc, true);
      for (int i = 0; i < lanes; i++) {
        double exact = Math.exp(in[i]);
        float ei = e[i];
        if (exact >= 0x1p-126) {
          exp = Math.max(exp, Math.abs(ei - exact) / exact);
        } else {
          expSubnormal = Math.max(expSubnormal, Math.abs(ei - exact));
        }
        if (ei > 0) {
          double l = Math.log1p(ei);
          log1p = Math.max(log1p, Math.abs(acc[i] - l) / l);
        }
        minus[i] = -in[i];
      }
      for (float[] z : new float[][] {in, minus}) {
        LaneMath.expNegAbs(z, 0, sigmoid, 0, lanes, true);
        for (int i = 0; i < lanes; i++) {
          double exact = 1 / (1 + Math.exp(-(double) z[i]));
          if (exact >= 0x1p-126) {
            sig = Math.max(sig, Math.abs(sigmoid[i] - exact) / exact);
          }
        }
      }
    }
    System.out.printf(
        "exp:      max relative error %.2f u (results >= 2^-126); subnormal results"
            + " within %.2f x 2^-149%n",
        exp / 0x1p-24, expSubnormal / 0x1p-149);
    System.out.printf(
        "log1p:    max relative error %.2f u (on e = exp(t), t in [-104, 0])%n", log1p / 0x1p-24);
    System.out.printf(
        "sigmoid:  max relative error %.2f u (z in [-104, 104], results >= 2^-126)%n",
        sig / 0x1p-24);
    assertTrue(exp <= EXP_ERROR && expSubnormal <= 0x1p-149, "exp " + exp / 0x1p-24 + " u");
    assertTrue(log1p <= LOG1P_ERROR, "log1p " + log1p / 0x1p-24 + " u");
    assertTrue(sig <= SIGMOID_ERROR, "sigmoid " + sig / 0x1p-24 + " u");
  }
}
