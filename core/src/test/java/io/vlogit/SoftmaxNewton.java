package io.vlogit;

/**
 * The multinomial objective's optimum in float64 by Newton's method, independent of vlogit's
 * engine: {@code J(θ) = (1/Σs) Σ s_j·(logsumexp(z_j) − z_j,y_j) + (λ/2)·‖W‖²} with θ = K rows of n
 * weights, then the K biases (vlogit's layout). For small K·(n + 1) only: it forms the Hessian.
 */
final class SoftmaxNewton {
  private SoftmaxNewton() {}

  /**
   * θ at the optimum: Newton steps with a backtracking line search until ‖∇J‖ ≤ 1e−13. The Hessian
   * is singular along "add one constant to every bias" (the softmax does not change), along which
   * the gradient is 0; a ridge of 1e−12 on the solve (not on J) keeps the steps out of it.
   */
  static double[] solve(Dataset d, double lambda, double[] classWeights) {
    int n = d.features();
    int k = d.classes();
    int p = k * (n + 1);
    double[] theta = new double[p];
    double[] grad = new double[p];
    double cost = evaluate(d, theta, lambda, classWeights, grad, null);
    for (int iteration = 0; iteration < 100 && norm(grad) > 1e-13; iteration++) {
      double[][] h = new double[p][p];
      evaluate(d, theta, lambda, classWeights, new double[p], h);
      for (int i = 0; i < p; i++) {
        h[i][i] += 1e-12;
      }
      double[] step = NewtonSolver.cholesky(h, grad);
      double t = 1;
      double[] trial = new double[p];
      double[] trialGrad = new double[p];
      double trialCost;
      do {
        for (int i = 0; i < p; i++) {
          trial[i] = theta[i] - t * step[i];
        }
        trialCost = evaluate(d, trial, lambda, classWeights, trialGrad, null);
        t /= 2;
      } while (trialCost > cost && t > 1e-10);
      if (!(trialCost <= cost)) {
        break;
      }
      theta = trial.clone();
      grad = trialGrad.clone();
      cost = trialCost;
    }
    return theta;
  }

  /** J at θ in double; its gradient into grad and, if h is not null, its Hessian into h. */
  static double evaluate(
      Dataset d,
      double[] theta,
      double lambda,
      double[] classWeights,
      double[] grad,
      double[][] h) {
    int n = d.features();
    int k = d.classes();
    java.util.Arrays.fill(grad, 0);
    double loss = 0;
    double weightSum = 0;
    double[] z = new double[k];
    double[] x = new double[n + 1];
    for (int j = 0; j < d.examples(); j++) {
      int y = (int) d.label(j);
      double s = d.sampleWeight(j) * (classWeights == null ? 1 : classWeights[y]);
      for (int i = 0; i < n; i++) {
        x[i] = d.value(j, i);
      }
      x[n] = 1;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        z[c] = theta[k * n + c];
        for (int i = 0; i < n; i++) {
          z[c] += theta[c * n + i] * x[i];
        }
        max = Math.max(max, z[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[c] - max);
      }
      loss += s * (max + Math.log(sum) - z[y]);
      weightSum += s;
      double[] prob = new double[k];
      for (int c = 0; c < k; c++) {
        prob[c] = Math.exp(z[c] - max) / sum;
        double dz = s * (prob[c] - (c == y ? 1 : 0));
        for (int i = 0; i <= n; i++) {
          grad[index(c, i, n, k)] += dz * x[i];
        }
      }
      if (h != null) {
        for (int c = 0; c < k; c++) {
          for (int e = 0; e < k; e++) {
            double a = s * prob[c] * ((c == e ? 1 : 0) - prob[e]);
            for (int i = 0; i <= n; i++) {
              for (int q = 0; q <= n; q++) {
                h[index(c, i, n, k)][index(e, q, n, k)] += a * x[i] * x[q];
              }
            }
          }
        }
      }
    }
    double penalty = 0;
    for (int i = 0; i < p(n, k); i++) {
      grad[i] /= weightSum;
      if (i < k * n) {
        grad[i] += lambda * theta[i];
        penalty += theta[i] * theta[i];
      }
    }
    if (h != null) {
      for (int a = 0; a < p(n, k); a++) {
        for (int b = 0; b < p(n, k); b++) {
          h[a][b] /= weightSum;
        }
        if (a < k * n) {
          h[a][a] += lambda;
        }
      }
    }
    return loss / weightSum + 0.5 * lambda * penalty;
  }

  /** θ's index of class c's feature i (i = n: its bias). */
  private static int index(int c, int i, int n, int k) {
    return i == n ? k * n + c : c * n + i;
  }

  private static int p(int n, int k) {
    return k * (n + 1);
  }

  /** θ of a model: its K rows of weights, then its biases, in double. */
  static double[] theta(MultinomialModel model) {
    int n = model.features();
    int k = model.classes();
    double[] theta = new double[k * (n + 1)];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        theta[c * n + i] = model.weight(c, i);
      }
      theta[k * n + c] = model.bias(c);
    }
    return theta;
  }

  static double norm(double[] g) {
    double sq = 0;
    for (double v : g) {
      sq += v * v;
    }
    return Math.sqrt(sq);
  }
}
