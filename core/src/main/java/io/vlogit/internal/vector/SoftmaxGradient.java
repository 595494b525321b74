package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax's fused pass on the Vector API, for n ≥ L, one block of {@link
 * SoftmaxWorkspace#BLOCK} examples at a time, each step over the block while it is in L1 or L2:
 *
 * <ol>
 *   <li>Forward ({@link SoftmaxLogits}): the K logits of every example, four examples × four
 *       classes at a time (16 accumulators; each vector of x and of a class's weights loaded once
 *       for four products), their lane sums folded together ({@link LaneFold}) into one vector per
 *       four classes; a last group of one or two real classes as a pair ({@link
 *       SoftmaxPairLogits}).
 *   <li>Softmax across the block's examples, L per vector and class: the max over the classes,
 *       exp(z − max) ({@link LaneMath#expNegAbs}), their sum S, {@code dz_c = s·(e_c/S − [y = c])};
 *       the loss {@code (max − z_y) + log S} per example (log S in lanes, {@link
 *       LaneMath#logAtLeastOne}), summed in double, only when it is asked for.
 *   <li>Backward: {@code Σ dz_c·x} into each class's float partial gradient, four classes at a
 *       time, every x vector loaded once for the four.
 * </ol>
 *
 * <p>Rounding, as {@link VectorKernel}: a logit sums ⌈n/L⌉ products per lane, then log2 L folds and
 * the bias; float partial sums cover at most {@link VectorKernel#FLUSH} examples before they go
 * into double. Every order is fixed, so the results are deterministic.
 */
final class SoftmaxGradient {
  private SoftmaxGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;
  private static final int B = SoftmaxWorkspace.BLOCK;

  /** The pass over positions [from, to); see LogisticKernel#accumulateSoftmaxGradient. */
  static void accumulate(
      float[] x,
      float[] y,
      float[] weights,
      int n,
      int[] rows,
      int from,
      int to,
      float[] w,
      float[] b,
      SoftmaxWorkspace ws) {
    ws.load(w, b, n);
    int[] offsets = ws.offsets;
    int sinceFlush = 0;
    for (int start = from; start < to; start += B) {
      int count = Math.min(B, to - start);
      for (int e = 0; e < count; e++) {
        int j = rows == null ? start + e : rows[start + e];
        offsets[e] = j * n;
        ws.yBuf[e] = y[j];
        ws.sBuf[e] = weights == null ? 1f : weights[j];
      }
      for (int e = count; e < B; e++) {
        // Padding: the last example again, with weight 0, so that its dz is 0.
        offsets[e] = offsets[count - 1];
        ws.yBuf[e] = 0f;
        ws.sBuf[e] = 0f;
      }
      forward(x, n, ws);
      softmax(ws);
      backward(x, n, ws);
      sinceFlush += B;
      if (sinceFlush >= VectorKernel.FLUSH) {
        ws.flush();
        sinceFlush = 0;
      }
    }
    ws.flush();
  }

  /** The block's logits, class-major, into {@code ws.z}. */
  private static void forward(float[] x, int n, SoftmaxWorkspace ws) {
    int[] o = ws.offsets;
    int pair = pairFrom(ws);
    for (int e = 0; e < B; e += 4) {
      for (int c = 0; c < pair; c += 4) {
        SoftmaxLogits.dot16(x, o[e], o[e + 1], o[e + 2], o[e + 3], n, c, ws);
        storeGroup(ws, c, e, 16);
      }
      if (pair < ws.padded) {
        SoftmaxPairLogits.dot8(x, o[e], o[e + 1], o[e + 2], o[e + 3], n, pair, ws);
        storeGroup(ws, pair, e, 8);
      }
    }
  }

  /**
   * Copies {@code ws.group}'s first {@code entries} logits (four examples per class, classes from
   * {@code c}) into {@code ws.z}, class-major, at the block's examples {@code e} to {@code e + 3}.
   */
  private static void storeGroup(SoftmaxWorkspace ws, int c, int e, int entries) {
    for (int q = 0; q < entries; q++) {
      ws.z[(c + q / 4) * B + e + q % 4] = ws.group[q];
    }
  }

  /**
   * The block's softmax across its examples, L per vector: dz into {@code ws.dz} and its lane sums
   * into {@code ws.dzAcc}; the loss, if asked for, into {@code ws.lossSum}.
   */
  private static void softmax(SoftmaxWorkspace ws) {
    int k = ws.classes;
    float[] z = ws.z;
    float[] e = ws.e;
    for (int v = 0; v < B; v += L) {
      FloatVector max = FloatVector.fromArray(S, z, v);
      for (int c = 1; c < k; c++) {
        max = max.max(FloatVector.fromArray(S, z, c * B + v));
      }
      max.intoArray(ws.maxBuf, v);
      for (int c = 0; c < k; c++) {
        FloatVector.fromArray(S, z, c * B + v).sub(max).intoArray(e, c * B + v);
      }
    }
    // Every z − max is ≤ 0, so exp(−|z − max|) is exp(z − max).
    LaneMath.expNegAbs(e, 0, e, 0, k * B, false);
    boolean withLoss = ws.withLoss;
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector zero = FloatVector.zero(S);
    for (int v = 0; v < B; v += L) {
      FloatVector sum = FloatVector.fromArray(S, e, v);
      for (int c = 1; c < k; c++) {
        sum = sum.add(FloatVector.fromArray(S, e, c * B + v));
      }
      FloatVector r = one.div(sum);
      FloatVector yv = FloatVector.fromArray(S, ws.yBuf, v);
      FloatVector sv = FloatVector.fromArray(S, ws.sBuf, v);
      FloatVector zy = zero;
      for (int c = 0; c < k; c++) {
        VectorMask<Float> mine = yv.compare(VectorOperators.EQ, (float) c);
        FloatVector dz =
            FloatVector.fromArray(S, e, c * B + v).mul(r).sub(zero.blend(one, mine)).mul(sv);
        dz.intoArray(ws.dz, c * B + v);
        FloatVector.fromArray(S, ws.dzAcc, c * L).add(dz).intoArray(ws.dzAcc, c * L);
        // Taken with or without the loss: a loop-carried vector updated on one side of a branch
        // that some callers take and others never do was boxed on the heap by C2 in a JVM that had
        // run both (README, "How it is tested").
        zy = zy.blend(FloatVector.fromArray(S, z, c * B + v), mine);
      }
      if (withLoss) {
        sum.intoArray(ws.sumBuf, v);
        FloatVector.fromArray(S, ws.maxBuf, v).sub(zy).intoArray(ws.maxBuf, v);
      }
    }
    if (withLoss) {
      LaneMath.logAtLeastOne(ws.sumBuf, 0, B);
      double loss = 0;
      for (int q = 0; q < B; q++) {
        loss += ws.sBuf[q] * (ws.maxBuf[q] + ws.sumBuf[q]);
      }
      ws.lossSum += loss;
    }
  }

  /**
   * Σ dz_c·x over the block into each class's float partial gradient: the classes in groups of
   * four, and a last group with only one or two real classes as a pair (see SoftmaxBackward).
   */
  private static void backward(float[] x, int n, SoftmaxWorkspace ws) {
    int pair = pairFrom(ws);
    SoftmaxBackward.fourClasses(x, n, ws, pair);
    if (pair < ws.padded) {
      SoftmaxBackward.twoClasses(x, n, ws, pair);
    }
  }

  /**
   * The first class of the last group when both passes take it as a pair (its one or two real
   * classes, K mod 4 = 1 or 2), else {@code ws.padded}: the classes below it go in groups of four.
   */
  private static int pairFrom(SoftmaxWorkspace ws) {
    return ws.lastPair && ws.padded - ws.classes >= 2 ? ws.padded - 4 : ws.padded;
  }
}
