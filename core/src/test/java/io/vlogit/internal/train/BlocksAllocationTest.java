package io.vlogit.internal.train;

import static io.vlogit.testing.Allocations.assertSteadyStateAllocatesNothing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Passes over data in several arrays, and over a stream, allocate nothing once warm: on the
 * training thread, on a second participant reading and summing a stream's chunks, and on the
 * stream's reader thread, which reads a block for every epoch of shuffled blocks here.
 */
class BlocksAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int N = 12;
  private static final int M = 4096;

  @Test
  void passesOverSeveralArraysAndOverAStreamAllocateNothing() throws Exception {
    LogisticKernel kernel = Kernels.selected();
    Assumptions.assumeFalse(
        kernel.name().contains("emulated"),
        "a species wider than the CPU's runs the Vector API emulated, in plain Java, which allocates");
    Random r = new Random(5);
    float[] x = new float[N * M];
    float[] y = new float[M];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) r.nextGaussian();
    }
    for (int j = 0; j < M; j++) {
      y[j] = r.nextBoolean() ? 1 : 0;
    }
    float[] w = new float[N];
    for (int i = 0; i < N; i++) {
      w[i] = (float) (0.1 * r.nextGaussian());
    }
    int[] rows = new int[M];
    for (int j = 0; j < M; j++) {
      rows[j] = (j * 7) % M;
    }
    ExampleBlocks blocks = ExampleBlocks.of(x, N).split(0, M, 100);
    TrainingSet inOrder = new TrainingSet(blocks, y, null, N, null, 0, M, 2);
    TrainingSet byIndex = new TrainingSet(blocks, y, null, N, rows, 0, M, 2);
    GradientWorkspace total = kernel.newWorkspace(N);
    try (ParallelGradient parallel = new ParallelGradient(kernel, N, 1, null)) {
      for (int e = 0; e < 500; e++) {
        parallel.evaluate(inOrder, 0, M, w, 0.1f, total);
        parallel.evaluate(byIndex, 0, M, w, 0.1f, total);
      }
      assertSteadyStateAllocatesNothing(
          "passes over arrays of 100 examples, in order and by index",
          () -> {
            double sink = 0;
            for (int e = 0; e < 50; e++) {
              parallel.evaluate(inOrder, 0, M, w, 0.1f, total);
              sink += total.lossSum;
              parallel.evaluate(byIndex, 0, M, w, 0.1f, total);
              sink += total.lossSum;
            }
            return Double.isFinite(sink) ? 1 : 0;
          });

      BlockStream.Reader reader =
          (block, perBlock, xOut, yOut, sOut, checkFinite) -> {
            int first = block * perBlock;
            int count = Math.min(perBlock, M - first);
            System.arraycopy(x, first * N, xOut, 0, count * N);
            System.arraycopy(y, first, yOut, 0, count);
            return count;
          };
      try (BlockStream stream = new BlockStream(reader, N, M, 1024, 2, false, null);
          ParallelGradient two = new ParallelGradient(kernel, N, 2, null)) {
        assertEquals(4, stream.blocks());
        for (int e = 0; e < 500; e++) {
          two.evaluateStream(stream, w, 0.1f, null, total);
        }
        long workerId = threadId("vlogit-trainer-1");
        long workerBefore = THREADS.getThreadAllocatedBytes(workerId);
        assertSteadyStateAllocatesNothing(
            "full passes over a stream, two participants",
            () -> {
              double sink = 0;
              for (int e = 0; e < 50; e++) {
                two.evaluateStream(stream, w, 0.1f, null, total);
                sink += total.lossSum;
              }
              return Double.isFinite(sink) ? 1 : 0;
            });
        assertEquals(
            0,
            otherThreadPerWindow(
                workerId,
                () -> {
                  for (int e = 0; e < 50; e++) {
                    two.evaluateStream(stream, w, 0.1f, null, total);
                  }
                }),
            "bytes the second participant allocated in 50 passes (since warm-up: "
                + (THREADS.getThreadAllocatedBytes(workerId) - workerBefore)
                + ")");

        // Epochs of shuffled blocks: the reader thread reads a block for every one (four blocks,
        // two buffers).
        SplittableRandom random = new SplittableRandom(3);
        Runnable epochs =
            () -> {
              for (int e = 0; e < 50; e++) {
                stream.beginShuffledPass(random);
                for (int k = 0; k < stream.blocks(); k++) {
                  stream.nextShuffled(random);
                  stream.release();
                }
              }
            };
        for (int e = 0; e < 10; e++) { // 500 epochs, as many reads as the passes' warm-up above
          epochs.run();
        }
        long readerId = threadId("vlogit-stream-reader");
        assertSteadyStateAllocatesNothing(
            "epochs of shuffled blocks",
            () -> {
              epochs.run();
              return 1;
            });
        assertEquals(
            0, otherThreadPerWindow(readerId, epochs), "bytes the reader allocated in 50 epochs");
      }
    }
  }

  /** Bytes thread {@code id} allocated while {@code work} ran, in the first of 5 windows with 0. */
  private static long otherThreadPerWindow(long id, Runnable work) {
    long perWindow = 0;
    for (int window = 0; window < 5; window++) {
      long before = THREADS.getThreadAllocatedBytes(id);
      work.run();
      perWindow = THREADS.getThreadAllocatedBytes(id) - before;
      if (perWindow == 0) {
        break;
      }
    }
    return perWindow;
  }

  private static long threadId(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name) && t.isAlive()) {
        return t.getId();
      }
    }
    throw new AssertionError("no thread " + name);
  }
}
