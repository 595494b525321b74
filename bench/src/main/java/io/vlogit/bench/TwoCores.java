package io.vlogit.bench;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.train.ParallelGradient;
import io.vlogit.internal.train.TrainingSet;
import java.util.Arrays;
import java.util.Locale;

/**
 * What decides {@link ThreadsBench}'s two-thread speed-up, measured in the same seconds, which
 * separate JMH runs cannot do on a host whose vCPUs change speed and place within seconds: run in
 * rounds, each of them measures
 *
 * <ul>
 *   <li>the round trip of a flag between the two threads (the distance between the two vCPUs at
 *       that moment);
 *   <li>the epoch on one thread, and on two ({@link ParallelGradient}, as ThreadsBench);
 *   <li>two halves at once: two threads, each summing its own half of the examples on one thread,
 *       with nothing exchanged. On data in the caches the slower half bounds any epoch on two
 *       threads, so the one-thread epoch ÷ it is the most two threads can gain on this work at that
 *       moment. (Streamed from memory, two threads taking alternate chunks can do better than two
 *       taking a half each.)
 * </ul>
 *
 * <pre>
 *   java @jvm.config -cp bench/target/benchmarks.jar io.vlogit.bench.TwoCores 256x512 [rounds]
 * </pre>
 *
 * The halves meet at a multiple of {@link LogisticKernel#FLUSH} examples, as the chunks of the
 * epoch on two threads do. Before the rounds it checks that the three compute the same sums: two
 * threads the bits of one, the two halves the same float partial sums, added in double in another
 * order (chunks of other sizes): within 1e-9 of the gradient's largest entry.
 */
public final class TwoCores {
  private TwoCores() {}

  private static final int FLUSH = LogisticKernel.FLUSH;

  /**
   * How long each measurement's unmeasured evaluations run; the measured ones take about as long.
   */
  private static final long WARM_NANOS = 500_000_000L;

  /** Round trips per measurement of the trip. */
  private static final int TRIPS = 200_000;

  private static volatile long ball;

  public static void main(String[] args) throws InterruptedException {
    Workload d = Workload.of(args.length > 0 ? args[0] : "256x512");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    if (d.m <= FLUSH) {
      throw new IllegalArgumentException(
          "TwoCores needs more than " + FLUSH + " examples to cut in halves; " + d.m + " given");
    }
    TrainingSet set = new TrainingSet(d.x, d.y, null, d.n, null, 0, d.m);
    // At a multiple of the kernel's flush interval, so that the halves add the same float partial
    // sums as the whole (see check).
    int middle = Math.max(FLUSH, d.m / 2 / FLUSH * FLUSH);
    int[][] ranges = {{0, d.m}, {0, d.m}, {0, middle}, {middle, d.m}};
    int[] threads = {1, 2, 1, 1};
    ParallelGradient[] passes = new ParallelGradient[4];
    GradientWorkspace[] sums = new GradientWorkspace[4];
    // Each pass and its sums are made on a thread of their own, so that no two passes' workspaces
    // lie side by side in one thread's allocation buffer.
    for (int k = 0; k < 4; k++) {
      int which = k;
      onThread(
          () -> {
            passes[which] = new ParallelGradient(Kernels.vector(), d.n, threads[which], null);
            sums[which] = Kernels.vector().newWorkspace(d.n);
          });
    }
    check(d, set, ranges, passes, sums);
    System.out.println(
        "round | trip ns | 1 thread µs | 2 threads µs | halves at once µs | ceiling | speed-up");
    // Round -1 warms every path up (the JIT's tiers) and is not shown.
    for (int r = -1; r < rounds; r++) {
      double trip = trip();
      double one = epochs(set, d, ranges[0], passes[0], sums[0]);
      double two = epochs(set, d, ranges[1], passes[1], sums[1]);
      double[] halves = new double[2];
      Thread other =
          new Thread(() -> halves[1] = epochs(set, d, ranges[3], passes[3], sums[3]), "half");
      other.start();
      halves[0] = epochs(set, d, ranges[2], passes[2], sums[2]);
      other.join();
      if (r < 0) {
        continue;
      }
      double slower = Math.max(halves[0], halves[1]);
      System.out.printf(
          Locale.ROOT,
          "%d | %.0f | %.2f | %.2f | %.2f %.2f | %.2f | %.2f%n",
          r,
          trip,
          one,
          two,
          halves[0],
          halves[1],
          one / slower,
          one / two);
    }
    for (ParallelGradient p : passes) {
      p.close();
    }
  }

  private static void onThread(Runnable r) throws InterruptedException {
    Thread t = new Thread(r);
    t.start();
    t.join();
  }

  /**
   * µs per evaluation: as many evaluations as half a second takes, unmeasured, then as many again
   * measured.
   */
  private static double epochs(
      TrainingSet set, Workload d, int[] range, ParallelGradient p, GradientWorkspace sums) {
    long end = System.nanoTime() + WARM_NANOS;
    int count = 0;
    do {
      p.evaluate(set, range[0], range[1], d.w, d.b, sums);
      count++;
    } while (System.nanoTime() < end);
    long t = System.nanoTime();
    for (int i = 0; i < count; i++) {
      p.evaluate(set, range[0], range[1], d.w, d.b, sums);
    }
    return (System.nanoTime() - t) / 1e3 / count;
  }

  private static void check(
      Workload d,
      TrainingSet set,
      int[][] ranges,
      ParallelGradient[] passes,
      GradientWorkspace[] sums) {
    for (int k = 0; k < 4; k++) {
      passes[k].evaluate(set, ranges[k][0], ranges[k][1], d.w, d.b, sums[k]);
    }
    if (!Arrays.equals(sums[0].gradient, sums[1].gradient)) {
      throw new IllegalStateException("two threads did not give one thread's sums");
    }
    double largest = 0;
    for (double g : sums[0].gradient) {
      largest = Math.max(largest, Math.abs(g));
    }
    for (int i = 0; i < d.n; i++) {
      double halves = sums[2].gradient[i] + sums[3].gradient[i];
      if (Math.abs(halves - sums[0].gradient[i]) > 1e-9 * largest) {
        throw new IllegalStateException("the halves' sums differ from the whole's at " + i);
      }
    }
  }

  /** ns per round trip of a flag between this thread and another. */
  private static double trip() throws InterruptedException {
    ball = 0;
    Thread pong =
        new Thread(
            () -> {
              for (long i = 0; i < TRIPS; i++) {
                while (ball != 2 * i + 1) {
                  Thread.onSpinWait();
                }
                ball = 2 * i + 2;
              }
            },
            "pong");
    pong.start();
    long t = System.nanoTime();
    for (long i = 0; i < TRIPS; i++) {
      ball = 2 * i + 1;
      while (ball != 2 * i + 2) {
        Thread.onSpinWait();
      }
    }
    double ns = (System.nanoTime() - t) / (double) TRIPS;
    pong.join();
    return ns;
  }
}
