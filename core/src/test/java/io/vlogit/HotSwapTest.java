package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 16 threads score 10^6 times each while another thread swaps the model back and forth: every score
 * is exactly one of the two models' results for that input (scoring is deterministic, so "exactly"
 * means bit for bit), and nothing throws.
 */
class HotSwapTest {
  @Test
  void everyScoreComesFromOneWholeModel() throws Exception {
    int n = 12;
    int inputs = 64;
    java.util.Random r = new java.util.Random(8);
    float[] x = new float[n * inputs];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] wa = new float[n];
    float[] wb = new float[n];
    for (int i = 0; i < n; i++) {
      wa[i] = (float) r.nextGaussian();
      wb[i] = -wa[i] + (float) r.nextGaussian() * 0.1f;
    }
    LogisticModel a = new LogisticModel(wa, 0.5f);
    LogisticModel b = new LogisticModel(wb, -0.5f);
    float[] expectA = new float[inputs];
    float[] expectB = new float[inputs];
    for (int k = 0; k < inputs; k++) {
      expectA[k] = a.probability(x, k * n);
      expectB[k] = b.probability(x, k * n);
      assertTrue(expectA[k] != expectB[k], "the two models must differ on input " + k);
    }
    ModelHolder holder = new ModelHolder(a);
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong wrong = new AtomicLong();
    AtomicLong fromB = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int call = 0; call < 1_000_000; call++) {
                    int k = call & (inputs - 1);
                    float p = holder.probability(x, k * n);
                    if (p == expectB[k]) {
                      fromB.incrementAndGet();
                    } else if (p != expectA[k]) {
                      wrong.incrementAndGet();
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      reader.start();
      readers.add(reader);
    }
    Thread swapper =
        new Thread(
            () -> {
              long swaps = 0;
              while (!done.get()) {
                holder.swap(swaps++ % 2 == 0 ? b : a);
              }
            });
    swapper.start();
    start.countDown();
    for (Thread reader : readers) {
      reader.join();
    }
    done.set(true);
    swapper.join();
    assertEquals(null, failure.get());
    assertEquals(0, wrong.get(), "scores from neither model");
    assertTrue(fromB.get() > 0, "the swaps were seen");
  }

  @Test
  void aSwapKeepsTheNumberOfFeatures() {
    ModelHolder holder = new ModelHolder(new LogisticModel(new float[3], 0));
    assertThrows(
        DimensionMismatchException.class, () -> holder.swap(new LogisticModel(new float[4], 0)));
    assertEquals(3, holder.get().features());
  }
}
