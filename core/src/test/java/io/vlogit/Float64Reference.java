package io.vlogit;

/**
 * The textbook pseudo-code (README, "The math"), corrected, in float64, one example at a time: the
 * independent reference the trainer is checked against. Deliberately plain: no fusion, no shared
 * code with vlogit.
 */
public final class Float64Reference {
  public final double[] w;
  public double b;

  /** costs[k] = J after k updates; length epochs + 1. */
  public final double[] costs;

  /** norms[k] = ‖(w, b)‖₂ after k updates. */
  public final double[] norms;

  private Float64Reference(int n, int epochs) {
    this.w = new double[n];
    this.costs = new double[epochs + 1];
    this.norms = new double[epochs + 1];
  }

  public static Float64Reference train(Dataset d, double alpha, int epochs) {
    int n = d.features();
    int m = d.examples();
    Float64Reference r = new Float64Reference(n, epochs);
    for (int epoch = 0; epoch <= epochs; epoch++) {
      double cost = 0;
      double db = 0;
      double[] dw = new double[n];
      for (int j = 0; j < m; j++) {
        double z = r.b;
        for (int i = 0; i < n; i++) {
          z += r.w[i] * d.value(j, i);
        }
        double a = 1 / (1 + Math.exp(-z));
        double y = d.label(j);
        // −(y log a + (1−y) log(1−a)) with log a = −softplus(−z), log(1−a) = −softplus(z).
        cost += y * softplus(-z) + (1 - y) * softplus(z);
        double dz = a - y;
        for (int i = 0; i < n; i++) {
          dw[i] += dz * d.value(j, i);
        }
        db += dz;
      }
      r.costs[epoch] = cost / m;
      double sq = r.b * r.b;
      for (double v : r.w) {
        sq += v * v;
      }
      r.norms[epoch] = Math.sqrt(sq);
      if (epoch == epochs) {
        break;
      }
      for (int i = 0; i < n; i++) {
        r.w[i] -= alpha * dw[i] / m;
      }
      r.b -= alpha * db / m;
    }
    return r;
  }

  /** log(1 + e^t), written here independently of vlogit's ScalarMath. */
  public static double softplus(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  /** J(w, b) in double. */
  public static double cost(Dataset d, double[] w, double b) {
    double cost = 0;
    for (int j = 0; j < d.examples(); j++) {
      double z = b;
      for (int i = 0; i < d.features(); i++) {
        z += w[i] * d.value(j, i);
      }
      double y = d.label(j);
      cost += y * softplus(-z) + (1 - y) * softplus(z);
    }
    return cost / d.examples();
  }
}
