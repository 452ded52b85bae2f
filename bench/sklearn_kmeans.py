#!/usr/bin/python3
"""scikit-learn's KMeans on the benchmark data, the reference point for
bench_quant (bench/README.md).

    bench_quant --write-data=/tmp/acts.f32
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/sklearn_kmeans.py /tmp/acts.f32
    /usr/bin/python3 bench/sklearn_kmeans.py relu.npy --k 16 --n-init 1   # bench_stream.sh

Prints one line per run: K, n_init, wall time of fit(), MSE, sklearn's own
inertia / N, and the process's peak RSS so far (ru_maxrss only grows, so
later rows show the maximum over the runs before them too).

MSE is recomputed in float64 from the fitted centres (nearest centre, as
quant::evaluate does): sklearn keeps float32 data in float32, and its
inertia is a float32 sum over 10^7 terms.
"""

import argparse
import resource
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def mse_float64(x, centers, chunk=1_000_000):
    """Mean squared distance to the nearest centre, summed in float64."""
    c = np.sort(centers.astype(np.float64).ravel())
    thresholds = (c[1:] + c[:-1]) / 2
    total = 0.0
    for start in range(0, x.size, chunk):
        part = x[start:start + chunk].astype(np.float64)
        err = part - c[np.searchsorted(thresholds, part, side="right")]
        total += float(np.dot(err, err))
    return total / x.size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="raw little-endian float32 samples (.f32), or a .npy array")
    parser.add_argument("--k", type=int, nargs="+", default=[8, 16], help="cluster counts (default 8 16)")
    parser.add_argument("--n-init", type=int, nargs="+", default=[10, 1], help="n_init values (default 10 1)")
    args = parser.parse_args()

    if args.data.endswith(".npy"):
        # Every sample as float32, as nladc reads them (make_activations writes <f4 already).
        x = np.load(args.data).astype(np.float32, copy=False).ravel()
    else:
        x = np.fromfile(args.data, dtype="<f4")
    X = x.reshape(-1, 1)
    print(f"sklearn {sklearn.__version__}, numpy {np.__version__}, N = {x.size}, "
          f"peak RSS after loading {peak_rss_mib():.0f} MiB", flush=True)
    print(f"{'K':>3} {'n_init':>6} {'time_s':>8} {'mse':>12} {'inertia/N':>12} {'n_iter':>6} {'peak_rss_MiB':>12}",
          flush=True)
    for k in args.k:
        for n_init in args.n_init:
            model = KMeans(n_clusters=k, n_init=n_init, random_state=1, algorithm="lloyd")
            start = time.perf_counter()
            model.fit(X)
            seconds = time.perf_counter() - start
            peak = peak_rss_mib()
            mse = mse_float64(x, model.cluster_centers_)
            print(f"{k:>3} {n_init:>6} {seconds:>8.2f} {mse:>12.6g} {model.inertia_ / x.size:>12.6g} "
                  f"{model.n_iter_:>6} {peak:>12.0f}", flush=True)


if __name__ == "__main__":
    main()
