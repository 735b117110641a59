package dev.prescient.common.policy.burst;

/** A small L2-regularised logistic regression fitted by batch gradient descent; deterministic. */
final class Logistic {

    private static final int ITERATIONS = 2000;
    private static final double LEARNING_RATE = 0.5;
    private static final double L2 = 1e-2;

    private Logistic() {
    }

    /** @return the weights for features {@code x} (rows) and outcomes {@code y} (0 or 1) */
    static double[] fit(double[][] x, double[] y) {
        int n = x.length;
        int k = x[0].length;
        double[] w = new double[k];
        double[] grad = new double[k];
        for (int it = 0; it < ITERATIONS; it++) {
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double err = probability(w, x[i]) - y[i];
                for (int j = 0; j < k; j++) {
                    grad[j] += err * x[i][j];
                }
            }
            for (int j = 0; j < k; j++) {
                w[j] -= LEARNING_RATE * (grad[j] / n + L2 * w[j]);
            }
        }
        return w;
    }

    static double probability(double[] w, double[] x) {
        double z = 0;
        for (int j = 0; j < w.length; j++) {
            z += w[j] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
