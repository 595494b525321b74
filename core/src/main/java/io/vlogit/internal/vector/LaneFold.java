package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transposing lane sum: the lane sums of L vectors (one per example) into one vector of L
 * logits, by L − 1 folds of four operations each instead of L rotation trees of log2 L rotations
 * and adds each, and one store instead of L lane extractions.
 *
 * <p>A fold of c and d at bit h, {@code c.blend(d, HIGH).add(d.blend(c, HIGH).rearrange(SWAP))},
 * adds lane i to lane i ^ h in both vectors and keeps c's sums in the lanes whose bit h is clear,
 * d's in the others. Folding with h = L/2, then L/4, ..., then 1 pairs the lanes of every example
 * exactly as {@link LaneMath#sumLanesInPlace}'s halving tree does (lane i with lane i + h, each
 * pair added once, and float addition is commutative): every logit has the bits of the rotation
 * tree. Example e's sum ends in lane bitreverse(e), which one rearrange puts back in order.
 *
 * <p>Folds are written out where they are used, not called: a small method returning a vector that
 * C2 declines to inline allocates a box per call (bench/README.md, "Design measurements").
 *
 * <p>For L ≤ 16 (see {@link Species#check}).
 */
final class LaneFold {
  private LaneFold() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  // Level k of the fold (k = 1, 2, ...) works on bit h = L / 2^k: lanes whose bit h is set, and
  // lane i ^ h into lane i. Levels past log2 L are never used (their h is 0).
  static final VectorMask<Float> HIGH_1 = high(L / 2);
  static final VectorMask<Float> HIGH_2 = high(L / 4);
  static final VectorMask<Float> HIGH_3 = high(L / 8);
  static final VectorMask<Float> HIGH_4 = high(L / 16);
  static final VectorShuffle<Float> SWAP_1 = swap(L / 2);
  static final VectorShuffle<Float> SWAP_2 = swap(L / 4);
  static final VectorShuffle<Float> SWAP_3 = swap(L / 8);
  static final VectorShuffle<Float> SWAP_4 = swap(L / 16);

  /** Lane j takes lane bitreverse(j): example j's sum into lane j. */
  static final VectorShuffle<Float> IN_ORDER =
      VectorShuffle.fromOp(
          S, j -> Integer.reverse(j) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(L)));

  /** The lanes whose index has bit h set. */
  static VectorMask<Float> high(int h) {
    boolean[] bits = new boolean[L];
    for (int i = 0; i < L; i++) {
      bits[i] = (i & h) != 0;
    }
    return VectorMask.fromArray(S, bits, 0);
  }

  /** Lane i takes lane i ^ h (h < L). */
  static VectorShuffle<Float> swap(int h) {
    return VectorShuffle.fromOp(S, i -> (i ^ h) % L);
  }

  /**
   * The logits of {@code groups} groups of four examples (a multiple of L/4, or the block's groups
   * followed by stale ones whose logits land past the block) from their vectors in {@code folded},
   * each folded at levels 1 and 2 already (L ≥ 4; see WideGradient#dot4): the remaining folds, the
   * lanes put in order, b added, into {@code z[0 ..]}.
   */
  static void unfold(float[] folded, int groups, float b, float[] z) {
    FloatVector bv = FloatVector.broadcast(S, b);
    int per = L / 4;
    for (int g = 0; g < groups; g += per) {
      FloatVector v = FloatVector.fromArray(S, folded, g * L);
      if (L == 8) {
        FloatVector v1 = FloatVector.fromArray(S, folded, (g + 1) * L);
        v = v.blend(v1, HIGH_3).add(v1.blend(v, HIGH_3).rearrange(SWAP_3));
      } else if (L == 16) {
        FloatVector v1 = FloatVector.fromArray(S, folded, (g + 1) * L);
        FloatVector v2 = FloatVector.fromArray(S, folded, (g + 2) * L);
        FloatVector v3 = FloatVector.fromArray(S, folded, (g + 3) * L);
        FloatVector p = v.blend(v1, HIGH_3).add(v1.blend(v, HIGH_3).rearrange(SWAP_3));
        FloatVector q = v2.blend(v3, HIGH_3).add(v3.blend(v2, HIGH_3).rearrange(SWAP_3));
        v = p.blend(q, HIGH_4).add(q.blend(p, HIGH_4).rearrange(SWAP_4));
      }
      v.rearrange(IN_ORDER).add(bv).intoArray(z, g * 4);
    }
  }
}
