package io.gristmill.bench.input;

import java.util.Arrays;

/** Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s, as word frequencies in text roughly are. */
final class ZipfSampler {
    private final double[] cumulative;

    ZipfSampler(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) cumulative[k] /= sum;
    }

    int sample(SplitMix64 random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        int rank = i >= 0 ? i : -i - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
