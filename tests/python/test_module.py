"""`import nladc` against the CLI on the same data, and its contract."""
import json
import resource
from pathlib import Path

import numpy as np
import pytest
import torch

import nladc


def relu_like(n, seed):
    """ReLU-shaped activations: a third zeros, a lognormal interior, a pile-up at 6."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(-0.5, 0.8, n).astype(np.float32)
    x[rng.random(n) < 0.3] = 0.0
    return np.minimum(x, np.float32(6.0))


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
METHODS = ["linear", "cdf", "lloyd-max", "kmeans", "kmeans-optimal", "bs-kmq"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("bits", [2, 4])
def test_fit_writes_the_clis_level_file_byte_for_byte(tmp_path, cli, method, bits):
    x = relu_like(20000, seed=bits)
    data = tmp_path / "acts.npy"
    np.save(data, x)
    expected = tmp_path / "cli.json"
    run = cli("levels", data, "-b", bits, "-m", method, "-o", expected)
    assert run.returncode == 0, run.stderr
    got = tmp_path / "module.json"
    nladc.fit(x, bits, method, name="acts", source=str(data)).write(str(got))
    assert got.read_bytes() == expected.read_bytes()


def test_fit_takes_the_clis_options(tmp_path, cli):
    x = relu_like(30000, seed=7)
    data = tmp_path / "conv1.npy"
    np.save(data, x)
    expected = tmp_path / "cli.json"
    run = cli("levels", data, "-b", 3, "-m", "bs-kmq", "--clip-percentile", 99.5, "--boundary-eps", 0.002,
              "--suppression", "cap", "-o", expected)
    assert run.returncode == 0, run.stderr
    got = tmp_path / "module.json"
    nladc.fit(x, 3, "bs-kmq", name="conv1", source=str(data), clip_percentile=99.5, boundary_eps=0.002,
              suppression="cap").write(str(got))
    assert got.read_bytes() == expected.read_bytes()


def test_fit_with_held_out_data_and_a_technology_writes_the_clis_file(tmp_path, cli):
    x, held_out = relu_like(20000, seed=12), relu_like(8000, seed=13)
    data, eval_data = tmp_path / "fc1.npy", tmp_path / "held.npy"
    np.save(data, x)
    np.save(eval_data, held_out)
    tech = EXAMPLES / "tech" / "generic-65nm.yaml"
    expected = tmp_path / "cli.json"
    run = cli("levels", data, "-b", 3, "-m", "variation-aware", "--tech", tech, "--eval", eval_data, "-o", expected)
    assert run.returncode == 0, run.stderr
    got = tmp_path / "module.json"
    nladc.fit(x, 3, "variation-aware", name="fc1", source=str(data), tech=str(tech), eval=held_out).write(str(got))
    assert got.read_bytes() == expected.read_bytes()


def test_a_torch_tensor_fits_as_its_numpy_array_does():
    x = relu_like(10000, seed=3)
    from_numpy = nladc.fit(x, 3, "kmeans-optimal")
    from_torch = nladc.fit(torch.from_numpy(x).requires_grad_(True), 3, "kmeans-optimal")
    assert from_torch.to_json() == from_numpy.to_json()
    assert from_numpy.levels == sorted(from_numpy.levels)
    assert len(from_numpy.thresholds) == 7
    assert from_numpy.domain == (0.0, 6.0)
    assert from_numpy.metrics["samples"] == 10000


def test_fit_reads_a_float32_tensor_in_place():
    # 5·10^7 float32 samples with 16 distinct values: 200 MB of input whose
    # counting takes a few MB, so a copy of it would show in the peak RSS.
    # Made in place, so that no temporary raised the peak before the fit.
    n = 50_000_000
    x = torch.empty(n, dtype=torch.float32).random_(0, 16)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    level_set = nladc.fit(x, 4, "linear")
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    assert level_set.metrics["samples"] == n
    assert grown < x.numel() * 4 // 4, f"the peak grew by {grown} bytes"


def test_a_float64_array_fits_as_its_float32_rounding(tmp_path):
    x = relu_like(5000, seed=11).astype(np.float64) + 1e-9
    assert nladc.fit(x, 2, "lloyd-max").to_json() == nladc.fit(x.astype(np.float32), 2, "lloyd-max").to_json()


def test_quantize_gives_each_element_the_number_of_thresholds_at_or_below_it():
    x = relu_like(4000, seed=5).reshape(40, 100)
    level_set = nladc.fit(x, 3, "bs-kmq")
    thresholds = np.array(level_set.thresholds)
    codes = nladc.quantize(x, level_set)
    assert codes.shape == x.shape and codes.dtype == np.int32
    np.testing.assert_array_equal(codes, np.searchsorted(thresholds, x.astype(np.float64), side="right"))
    values = nladc.quantize(x, level_set, output="values")
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values, np.array(level_set.levels, dtype=np.float32)[codes])
    # Thresholds themselves take the code above them.
    on = np.array(level_set.thresholds)
    np.testing.assert_array_equal(nladc.quantize(on, level_set), np.arange(1, len(on) + 1))


def test_quantized_values_give_the_mse_the_level_file_states():
    x = relu_like(50000, seed=14)
    for method in ["linear", "bs-kmq"]:
        level_set = nladc.fit(x, 3, method)
        error = x.astype(np.float64) - nladc.quantize(x.astype(np.float64), level_set, output="values")
        assert np.mean(error**2) == pytest.approx(level_set.metrics["mse"], rel=1e-12)
        assert np.max(np.abs(error)) == pytest.approx(level_set.metrics["max_abs_err"], rel=1e-12)


def test_quantize_takes_and_returns_torch_tensors():
    x = torch.from_numpy(relu_like(1000, seed=2))
    level_set = nladc.fit(x, 2, "linear")
    codes = nladc.quantize(x, level_set)
    assert isinstance(codes, torch.Tensor) and codes.dtype == torch.int32
    np.testing.assert_array_equal(codes.numpy(), nladc.quantize(x.numpy(), level_set))


def test_level_files_round_trip(tmp_path):
    level_set = nladc.fit(relu_like(3000, seed=9), 3, "kmeans-optimal", name="fc1")
    path = tmp_path / "fc1.json"
    level_set.write(str(path))
    (read,) = nladc.read_levels(str(path))
    assert read.name == "fc1" and read.levels == level_set.levels and read.thresholds == level_set.thresholds
    linear = nladc.fit(relu_like(3000, seed=9), 3, "linear", name="fc1")
    both = tmp_path / "both.json"
    nladc.write_levels(str(both), [level_set, linear])
    assert [s.method for s in nladc.read_levels(str(both))] == ["kmeans-optimal", "linear"]


def cli_error(cli, *args):
    run = cli(*args)
    assert run.returncode == 2
    return run.stderr.strip().removeprefix("nladc: ")


def test_bad_input_raises_the_clis_message(tmp_path, cli):
    x = relu_like(1000, seed=4)
    x[17] = np.nan
    data = tmp_path / "acts.npy"
    np.save(data, x)
    with pytest.raises(nladc.InputError) as error:
        nladc.fit(x, 2, "linear", name="acts", source=str(data))
    assert str(error.value) == cli_error(cli, "levels", data, "-b", 2, "-m", "linear")

    with pytest.raises(nladc.InputError) as error:
        nladc.fit(x, 2, "median-cut", source=str(data), drop_nonfinite=True)
    assert str(error.value) == cli_error(cli, "levels", data, "-b", 2, "-m", "median-cut", "--drop-nonfinite")

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nladc-levels", "version": 1, "levels": [1, 0]}')
    with pytest.raises(nladc.InputError) as error:
        nladc.read_levels(str(bad))
    assert str(error.value) == cli_error(cli, "netlist", bad, "--tech", "none.yaml", "-o", tmp_path / "n.sp")


def test_bad_arguments_raise_one_line_errors():
    x = relu_like(100, seed=1)
    with pytest.raises(nladc.InputError, match="^name: 'a b' is not a level-set name"):
        nladc.fit(x, 2, "linear", name="a b")
    with pytest.raises(nladc.InputError, match=r"^array: tensor 'tensor': --bits 12 is outside \[1, 10\]$"):
        nladc.fit(x, 12, "linear")
    with pytest.raises(nladc.InputError, match="^output: 'levels' is not 'codes' or 'values'"):
        nladc.quantize(x, nladc.fit(x, 2, "linear"), output="levels")
    with pytest.raises(nladc.InputError, match="^threshold_sigma and tech: give one"):
        nladc.fit(x, 2, "variation-aware", threshold_sigma=0.01, tech="t.yaml")
    with pytest.raises(nladc.InputError, match="^variation-aware needs a threshold sigma"):
        nladc.fit(x, 2, "variation-aware")
    with pytest.raises(nladc.InputError, match="^x: not an array of numbers$"):
        nladc.quantize(["a", "b"], nladc.fit(x, 2, "linear"))
    with pytest.raises(nladc.InputError, match="^x: not an array of numbers$"):
        nladc.fit(["a", "b"], 2, "linear")
    with pytest.raises(nladc.InputError, match="^eval: not an array of numbers$"):
        nladc.fit(x, 2, "linear", eval="held.npy")
    with pytest.raises(nladc.InputError, match="NaN, which has no code"):
        nladc.quantize(np.array([0.1, np.nan], dtype=np.float32), nladc.fit(x, 2, "linear"))


@pytest.mark.parametrize("engine", ["behavioural", "spice"])
def test_mc_thresholds_are_the_runs_realised_thresholds(tmp_path, cli, engine):
    level_set = nladc.fit(relu_like(20000, seed=8), 3, "bs-kmq", name="conv1")
    levels = tmp_path / "conv1.json"
    level_set.write(str(levels))
    run_dir = tmp_path / "mc"
    run = cli("mc", levels, "--tech", EXAMPLES / "tech" / "generic-65nm.yaml", "--engine", engine, "--samples", 3,
              "--columns", 4, "--jobs", 2, "-o", run_dir, "--format", "json")
    assert run.returncode == 0, run.stderr
    t = nladc.mc_thresholds(str(run_dir))
    assert t.shape == (3, 4, 7) and t.dtype == np.float64
    # The summary's per-threshold mean and sigma over every (sample, column),
    # computed by the run itself.
    summary = json.loads((run_dir / "summary.json").read_text())
    realisations = t.reshape(-1, 7)
    for j, stated in enumerate(summary["thresholds"]):
        assert realisations[:, j].mean() == pytest.approx(stated["mean"], rel=1e-12)
        assert realisations[:, j].std(ddof=1) == pytest.approx(stated["sigma"], rel=1e-9, abs=1e-15)
    # Realised thresholds lie near their targets: within 3 local steps.
    steps = np.array([stated["local_step"] for stated in summary["thresholds"]])
    assert np.all(np.abs(realisations - np.array(level_set.thresholds)) < 3 * steps)


def test_quantize_decides_each_column_by_its_realised_thresholds():
    x = relu_like(2 * 3 * 4 * 5, seed=6).reshape(2, 3, 4, 5)
    level_set = nladc.fit(relu_like(5000, seed=6), 2, "lloyd-max")
    rng = np.random.default_rng(1)
    realised = np.array(level_set.thresholds) + rng.normal(0.0, 0.05, (3, 3))
    codes = nladc.quantize(x, level_set, thresholds=realised, axis=1)
    expected = np.zeros(x.shape, dtype=np.int32)
    for channel in range(3):
        expected[:, channel] = (realised[channel][None, None, None, :] <= x[:, channel, :, :, None]).sum(axis=-1)
    np.testing.assert_array_equal(codes, expected)
    # Two columns for three channels: channel 2 is read by column 0.
    codes = nladc.quantize(x, level_set, thresholds=realised[:2], axis=1)
    np.testing.assert_array_equal(codes[:, 2], nladc.quantize(x[:, 2], level_set, thresholds=realised[:1]))
    values = nladc.quantize(x, level_set, output="values", thresholds=realised, axis=1)
    np.testing.assert_array_equal(values, np.array(level_set.levels, dtype=np.float32)[expected])


def test_mc_thresholds_leaves_out_the_samples_that_did_not_simulate(tmp_path):
    # thresholds.npy as a run writes it, samples 1 and 3 failed (NaN).
    stored = np.arange(5 * 2 * 3, dtype=np.float64).reshape(5, 2, 3)
    stored[[1, 3]] = np.nan
    np.save(tmp_path / "thresholds.npy", stored)
    np.testing.assert_array_equal(nladc.mc_thresholds(str(tmp_path)), stored[[0, 2, 4]])


def test_quantize_keeps_float32_and_reads_any_layout():
    x = relu_like(600, seed=15).reshape(20, 30)
    level_set = nladc.fit(x, 3, "kmeans-optimal")
    reference = nladc.quantize(np.ascontiguousarray(x.T), level_set, output="values")
    strided = nladc.quantize(x.T, level_set, output="values")  # not C-contiguous
    assert strided.dtype == np.float32
    np.testing.assert_array_equal(strided, reference)
    as_torch = nladc.quantize(torch.from_numpy(x).t(), level_set, output="values")
    np.testing.assert_array_equal(as_torch.numpy(), reference)
    half = nladc.quantize(x.astype(np.float16), level_set)  # decided as float64
    np.testing.assert_array_equal(half, np.searchsorted(level_set.thresholds, x.astype(np.float16), side="right"))
    assert nladc.quantize(x.astype(np.float64), level_set, output="values").dtype == np.float64


def test_mc_thresholds_and_realised_quantize_refuse_bad_input(tmp_path):
    with pytest.raises(nladc.InputError, match="no thresholds.npy"):
        nladc.mc_thresholds(str(tmp_path))
    np.save(tmp_path / "thresholds.npy", np.zeros((2, 3)))
    with pytest.raises(nladc.InputError, match="not a float64 array of shape"):
        nladc.mc_thresholds(str(tmp_path))
    x = relu_like(100, seed=1)
    level_set = nladc.fit(x, 2, "linear")
    with pytest.raises(nladc.InputError, match=r"^thresholds: not an array of shape \(columns, 3\)"):
        nladc.quantize(x, level_set, thresholds=np.zeros((4, 2)))
    with pytest.raises(nladc.InputError, match="^axis: 1 is not an axis of x, which has 1"):
        nladc.quantize(x, level_set, thresholds=np.zeros((4, 3)), axis=1)
