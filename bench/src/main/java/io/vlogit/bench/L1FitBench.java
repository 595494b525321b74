package io.vlogit.bench;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.vlogit.Dataset;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import io.vlogit.StopReason;
import io.vlogit.TrainingResult;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Time to the L1 optimum, from zero: vlogit's OWL-QN (L-BFGS memory 10), FISTA and plain proximal
 * gradient (step 1/L, L by power iteration), and LIBLINEAR's Java port (L1R_LR, newGLMNET: proximal
 * Newton with coordinate descent, in double; the bias unpenalized with {@code
 * setRegularizeBias(false)}), on the objective (1/m) Σ loss + λ₁‖w‖₁ with λ₁ = λ_max/20.
 * LIBLINEAR's ‖w‖₁ + C Σ loss is the same times 1/λ₁ with C = 1/(m·λ₁).
 *
 * <p>Every implementation stops as soon as its objective, evaluated in double at its model, is
 * within 10⁻⁶ relative of the optimum J* (the least of a long OWL-QN run and LIBLINEAR at ε =
 * 10⁻¹⁰; OWL-QN's alone above {@link #PEER_FLOATS}, where LIBLINEAR is not run): vlogit through a
 * listener on its own cost, at half that gap (its passes' cost is float data summed in double,
 * about 10⁻⁷ relative off the double objective at its model, and must not stop it early), LIBLINEAR
 * at the largest ε (from 10⁻¹, by tenths) that gets there, found in the setup. The setup prints
 * each one's objective, gap, non-zero weights, passes over the data, and whether its zero set is
 * the reference's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class L1FitBench {
  /** λ₁ as a fraction of λ_max: sparse, but not nearly empty. */
  static final double FRACTION_OF_MAX = 0.05;

  /**
   * LIBLINEAR runs on workloads of at most this many floats: it holds each value in a {@code
   * Feature} object (about 32 bytes), 1.5 GB and minutes per fit at 784 × 60 000.
   */
  static final long PEER_FLOATS = 1L << 24;

  /** The optimum, relative: the L1 issue's acceptance threshold. */
  static final double GAP = 1e-6;

  @Param({"2x1000", "30x569", "256x512", "8x1000000", "128x100000", "784x60000"})
  public String shape;

  @Param({"vlogit-owlqn", "vlogit-fista", "vlogit-proximal", "liblinear"})
  public String impl;

  Workload data;
  Dataset dataset;
  double[][] rows;
  int[] labels;
  Problem problem;
  double l1;
  double rate;
  double optimum;
  double epsilon;
  double[] reference;

  @Setup(Level.Trial)
  public void setup() {
    data = Workload.of(shape);
    dataset = Dataset.wrap(data.x, data.y, data.n);
    rows = FitBench.rows(data.x, data.n, data.m);
    labels = FitBench.labels(data.y);
    boolean peer = (long) data.n * data.m <= PEER_FLOATS;
    if (impl.equals("liblinear") && !peer) {
      throw new IllegalArgumentException(
          "LIBLINEAR is not run above " + PEER_FLOATS + " floats (see PEER_FLOATS)");
    }
    if (peer) {
      problem = liblinearProblem();
    }
    Linear.disableDebugOutput();
    double l1Max =
        LogisticRegression.builder().maxIterations(0).build().fitPath(dataset, 2).l1Max();
    l1 = FRACTION_OF_MAX * l1Max;
    rate = 1 / FitBench.smoothness(rows, 0);
    TrainingResult longRun =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(10))
            .l1(l1)
            .maxIterations(100_000)
            .build()
            .fit(dataset);
    double[] vlogit = coefficients(longRun);
    double[] liblinear = peer ? liblinear(1e-10) : null;
    reference = liblinear != null && cost(liblinear) < cost(vlogit) ? liblinear : vlogit;
    optimum = cost(reference);
    if (impl.equals("liblinear")) {
      epsilon = 1e-1;
      while (epsilon > 1e-12 && cost(liblinear(epsilon)) > optimum * (1 + GAP)) {
        epsilon /= 10;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n%s: λ_max %.6g, λ₁ %.6g, J* %.12g (%s; OWL-QN to no progress %.2g above it%s), %d of %d"
            + " weights non-zero%n",
        shape,
        l1Max,
        l1,
        optimum,
        reference == vlogit ? "OWL-QN" : "LIBLINEAR",
        cost(vlogit) / optimum - 1,
        liblinear == null
            ? ", LIBLINEAR not run"
            : String.format(
                Locale.ROOT, ", LIBLINEAR at ε 1e-10 %.2g", cost(liblinear) / optimum - 1),
        nonZero(reference),
        data.n);
    double[] mine;
    String passes;
    if (impl.equals("liblinear")) {
      mine = liblinear(epsilon);
      passes = String.format(Locale.ROOT, "ε %.0e", epsilon);
    } else {
      TrainingResult r = vlogit();
      mine = coefficients(r);
      passes =
          String.format(Locale.ROOT, "%.0f passes, %d iterations", r.dataPasses(), r.iterations());
    }
    System.out.printf(
        Locale.ROOT,
        "%s on %s: J %.12g (gap %.2g relative), %d non-zero, zero set %s, %s%n",
        impl,
        shape,
        cost(mine),
        cost(mine) / optimum - 1,
        nonZero(mine),
        sameZeros(mine, reference) ? "the reference's" : "DIFFERENT from the reference's",
        passes);
    if (impl.startsWith("vlogit")) {
      KernelNote.print("L1FitBench", impl, io.vlogit.internal.kernel.Kernels.selected());
    }
  }

  TrainingResult vlogit() {
    Solver solver =
        switch (impl) {
          case "vlogit-owlqn" -> Solver.lbfgs(10);
          case "vlogit-fista" -> Solver.gradientDescent().learningRate(rate).fista(true);
          default -> Solver.gradientDescent().learningRate(rate);
        };
    double goal = optimum * (1 + GAP / 2);
    TrainingResult r =
        LogisticRegression.builder()
            .solver(solver)
            .l1(l1)
            .maxIterations(Integer.MAX_VALUE)
            .maxTime(Duration.ofSeconds(60))
            .listener(s -> s.cost() > goal)
            .build()
            .fit(dataset);
    if (r.stopReason() != StopReason.LISTENER) {
      System.out.println(impl + " did not reach J* within " + GAP + ": " + r);
    }
    return r;
  }

  /** The workload in LIBLINEAR's form: a row of n + 1 features, the last the bias's 1. */
  Problem liblinearProblem() {
    Problem problem = new Problem();
    problem.l = data.m;
    problem.n = data.n + 1;
    problem.bias = 1;
    problem.y = new double[data.m];
    problem.x = new Feature[data.m][];
    for (int j = 0; j < data.m; j++) {
      Feature[] row = new Feature[data.n + 1];
      for (int i = 0; i < data.n; i++) {
        row[i] = new FeatureNode(i + 1, rows[j][i]);
      }
      row[data.n] = new FeatureNode(data.n + 1, 1.0);
      problem.x[j] = row;
      problem.y[j] = labels[j];
    }
    return problem;
  }

  /** LIBLINEAR's L1R_LR at stopping tolerance ε: n weights, then the bias. */
  double[] liblinear(double eps) {
    Parameter p = new Parameter(SolverType.L1R_LR, 1 / (data.m * l1), eps);
    p.setRegularizeBias(false);
    Model model = Linear.train(problem, p);
    double[] w = model.getFeatureWeights();
    double sign = model.getLabels()[0] == 1 ? 1 : -1;
    double[] c = new double[data.n + 1];
    for (int i = 0; i <= data.n; i++) {
      c[i] = sign * w[i];
    }
    return c;
  }

  static double[] coefficients(TrainingResult r) {
    float[] w = r.model().weights();
    double[] c = new double[w.length + 1];
    for (int i = 0; i < w.length; i++) {
      c[i] = w[i];
    }
    c[w.length] = r.model().bias();
    return c;
  }

  /** The objective in double at coefficients c (n weights, then the bias). */
  double cost(double[] c) {
    double norm = 0;
    for (int i = 0; i < data.n; i++) {
      norm += Math.abs(c[i]);
    }
    return FitBench.meanLoss(rows, labels, c) + l1 * norm;
  }

  int nonZero(double[] c) {
    int count = 0;
    for (int i = 0; i < data.n; i++) {
      count += c[i] != 0 ? 1 : 0;
    }
    return count;
  }

  boolean sameZeros(double[] a, double[] b) {
    for (int i = 0; i < data.n; i++) {
      if ((a[i] == 0) != (b[i] == 0)) {
        return false;
      }
    }
    return true;
  }

  @Benchmark
  public double fit() {
    if (impl.equals("liblinear")) {
      return liblinear(epsilon)[0];
    }
    return vlogit().finalCost();
  }
}
