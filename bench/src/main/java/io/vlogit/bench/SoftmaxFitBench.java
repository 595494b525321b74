package io.vlogit.bench;

import io.vlogit.Dataset;
import io.vlogit.Solver;
import io.vlogit.StopReason;
import io.vlogit.TrainingResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import smile.classification.LogisticRegression;

/**
 * Time to fit a multinomial model from zero to the same training cost: Smile's L-BFGS ({@code
 * LogisticRegression.multinomial}, tolerance 1e−5) against vlogit's L-BFGS (memory 10), stopped
 * when its cost is within 1e−6 of the cost Smile reached. Without L2 (λ = 0): Smile parameterizes K
 * − 1 rows against a reference class and penalizes those, a different optimum from the symmetric
 * softmax's with the same λ; unpenalized, both models are the same family and the optimum's cost is
 * the same. Average time over repeated fits after warm-up, so that both run compiled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class SoftmaxFitBench {
  @Param({"30x5000x3", "64x20000x10"})
  public String shape;

  @Param({"smile", "vlogit-lbfgs"})
  public String impl;

  SoftmaxWorkload data;
  Dataset dataset;
  double[][] rows;
  int[] labels;
  double target;

  @Setup(Level.Trial)
  public void setup() {
    data = SoftmaxWorkload.of(shape);
    dataset = Dataset.wrap(data.x, data.y, data.n, data.k);
    rows = FitBench.rows(data.x, data.n, data.m);
    labels = FitBench.labels(data.y);
    target = cost(smile().coefficients());
    System.out.println("Smile's cost on " + shape + ": " + target);
    if (!impl.equals("smile")) {
      KernelNote.print("SoftmaxFitBench", impl, io.vlogit.internal.kernel.Kernels.selected());
    }
  }

  LogisticRegression.Multinomial smile() {
    return LogisticRegression.multinomial(rows, labels, 0.0, 1e-5, 1000);
  }

  /** The mean log-loss of Smile's model: K − 1 rows (intercept last), the last class's z = 0. */
  double cost(double[][] c) {
    int k = data.k;
    double[] z = new double[k];
    double loss = 0;
    for (int j = 0; j < data.m; j++) {
      double max = 0;
      for (int q = 0; q < k - 1; q++) {
        z[q] = c[q][data.n];
        for (int i = 0; i < data.n; i++) {
          z[q] += c[q][i] * rows[j][i];
        }
        max = Math.max(max, z[q]);
      }
      z[k - 1] = 0;
      double sum = 0;
      for (int q = 0; q < k; q++) {
        sum += Math.exp(z[q] - max);
      }
      loss += max + Math.log(sum) - z[labels[j]];
    }
    return loss / data.m;
  }

  @Benchmark
  public double fit() {
    if (impl.equals("smile")) {
      return smile().coefficients()[0][0];
    }
    double goal = target + 1e-6;
    TrainingResult r =
        io.vlogit.LogisticRegression.builder()
            .solver(Solver.lbfgs(10))
            .maxIterations(Integer.MAX_VALUE)
            .maxTime(Duration.ofSeconds(60))
            .listener(s -> s.cost() > goal)
            .build()
            .fit(dataset);
    if (r.stopReason() != StopReason.LISTENER) {
      System.out.println("vlogit did not reach Smile's cost " + target + ": " + r);
    }
    return r.finalCost();
  }
}
