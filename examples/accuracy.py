#!/usr/bin/python3
"""A network's accuracy with NL-ADC activations: ideal levels, and the ADCs
that SPICE Monte Carlo says the designed circuit realises.

Trains a small CNN on scikit-learn's handwritten digits (no download), fits a
level set to each ReLU's activations with nladc (linear, Lloyd-Max, K-means,
BS-KMQ at 2-4 bits), and reports the test accuracy
  - with every ReLU output quantized to its level set (the ideal NL-ADC);
  - over the SPICE Monte Carlo samples of the ADC `nladc design` sizes for
    each layer's level set (one column per channel): each sample's realised
    thresholds decide its columns' codes; mean and worst over the samples.

    PYTHONPATH=build/python /usr/bin/python3 examples/accuracy.py

The functions below take any model and data loader: `activations` collects
the ReLU outputs to fit, `quantized` swaps them for ADC codes while the
model evaluates (examples/README.md walks through it).
"""
import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

try:
    import nladc
except ImportError:
    sys.exit("accuracy.py: no nladc module: build it (cmake --build build) and run with PYTHONPATH=build/python")

ROOT = Path(__file__).resolve().parents[1]


def digits(seed):
    """The digits as (train, test) loaders: 8x8 images scaled to [0, 1]."""
    data = load_digits()
    x = torch.tensor(data.images, dtype=torch.float32).unsqueeze(1) / 16.0
    y = torch.tensor(data.target)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    test, train = order[:450], order[450:]
    loader = lambda idx, shuffle: torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(x[idx], y[idx]), batch_size=64, shuffle=shuffle,
        generator=torch.Generator().manual_seed(seed))
    return loader(train, True), loader(test, False)


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU())
        self.conv2 = nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.fc1 = nn.Sequential(nn.Flatten(), nn.Linear(16 * 4 * 4, 32), nn.ReLU())
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc2(self.fc1(self.conv2(self.conv1(x))))

    def relus(self):
        """The activations an NL-ADC reads: (name, ReLU module, channel axis, columns)."""
        return [("conv1", self.conv1[1], 1, 8), ("conv2", self.conv2[1], 1, 16), ("fc1", self.fc1[2], 1, 32)]


def train(model, loader, epochs):
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(epochs):
        for x, y in loader:
            optimiser.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimiser.step()


@torch.no_grad()
def accuracy(model, loader):
    right = sum((model(x).argmax(1) == y).sum().item() for x, y in loader)
    return right / sum(len(y) for _, y in loader)


@torch.no_grad()
def activations(model, layers, loader):
    """Every ReLU output over the loader, one flat float32 array per layer."""
    seen = {name: [] for name, *_ in layers}
    hooks = [relu.register_forward_hook(lambda m, i, out, name=name: seen[name].append(out.flatten()))
             for name, relu, *_ in layers]
    for x, _ in loader:
        model(x)
    for hook in hooks:
        hook.remove()
    return {name: torch.cat(parts) for name, parts in seen.items()}


@contextlib.contextmanager
def quantized(layers, decide):
    """While open, each ReLU's output is replaced by its ADC's levels:
    decide(name, channel_axis, output) returns them."""
    hooks = [relu.register_forward_hook(lambda m, i, out, name=name, axis=axis: decide(name, axis, out))
             for name, relu, axis, _ in layers]
    try:
        yield
    finally:
        for hook in hooks:
            hook.remove()


def design(cli, tech, level_set, columns, samples, directory):
    """Sizes the layer's ADC with `nladc design` and returns whether it met
    the yield, and its SPICE Monte Carlo's realised thresholds."""
    levels = directory / f"{level_set.name}.json"
    level_set.write(str(levels))
    run = subprocess.run([cli, "design", str(levels), "--tech", str(tech), "--columns", str(columns),
                          "--samples", str(samples), "--explore-samples", str(10 * samples),
                          "-o", str(directory / level_set.name)], capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 1: the specification is not met, the design is still written
        sys.exit(f"accuracy.py: nladc design failed: {run.stderr.strip()}")
    met = json.loads((directory / level_set.name / "design.json").read_text())["met"]
    return met, nladc.mc_thresholds(str(directory / level_set.name / "mc"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nladc", default=str(ROOT / "build" / "cli" / "nladc"), help="the nladc executable")
    parser.add_argument("--tech", default=str(ROOT / "examples" / "tech" / "generic-65nm.yaml"))
    parser.add_argument("--methods", default="linear,lloyd-max,kmeans,bs-kmq")
    parser.add_argument("--bits", default="2,3,4", help="bits of the ideal-quantization rows")
    parser.add_argument("--mc-bits", type=int, default=3, help="bits of the designed ADCs")
    parser.add_argument("--mc-samples", type=int, default=40, help="SPICE Monte Carlo samples of each design")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("-o", "--output", help="directory to keep the designs in (new or empty; default: none kept)")
    args = parser.parse_args()
    if args.output and Path(args.output).exists() and any(Path(args.output).iterdir()):
        sys.exit(f"accuracy.py: {args.output}: not empty; the designs go into a new or empty directory")
    with contextlib.ExitStack() as stack:
        output = Path(args.output or stack.enter_context(tempfile.TemporaryDirectory(prefix="nladc-accuracy-")))
        output.mkdir(parents=True, exist_ok=True)
        report(args, output)


def report(args, output):
    """Trains the digits CNN and prints the accuracy table."""
    torch.manual_seed(1)
    torch.set_num_threads(1)  # the same weights on every machine
    train_loader, test_loader = digits(seed=1)
    model = SmallCnn()
    train(model, train_loader, args.epochs)
    model.eval()
    layers = model.relus()
    calibration = activations(model, layers, train_loader)

    print(f"float32 activations: test accuracy {accuracy(model, test_loader):.4f} (450 digits)")
    print()
    print("| method | bits | ideal NL-ADC | designed ADC, SPICE MC: mean | worst | designs met |")
    print("|---|---:|---:|---:|---:|---|")
    bits_list = sorted({int(b) for b in args.bits.split(",")} | {args.mc_bits})
    for method in args.methods.split(","):
        for bits in bits_list:
            sets = {name: nladc.fit(calibration[name], bits, method, name=name) for name in calibration}
            ideal = lambda name, axis, out: nladc.quantize(out, sets[name], output="values")
            with quantized(layers, ideal):
                ideal_accuracy = accuracy(model, test_loader)
            row = f"| {method} | {bits} | {ideal_accuracy:.4f} |"
            if bits != args.mc_bits:
                print(row + " | | |")
                continue
            directory = output / f"{method}-{bits}"
            directory.mkdir(parents=True, exist_ok=True)
            designs = {name: design(args.nladc, args.tech, sets[name], columns, args.mc_samples, directory)
                       for name, _, _, columns in layers}
            samples = min(len(thresholds) for _, thresholds in designs.values())
            if samples == 0:
                print(row + " no sample simulated | | |")
                continue
            sampled = []
            for s in range(samples):
                adc = lambda name, axis, out: nladc.quantize(out, sets[name], output="values",
                                                             thresholds=designs[name][1][s], axis=axis)
                with quantized(layers, adc):
                    sampled.append(accuracy(model, test_loader))
            met = sum(m for m, _ in designs.values())
            print(row + f" {np.mean(sampled):.4f} | {min(sampled):.4f} | {met} of {len(designs)} "
                  f"({samples} samples) |")


if __name__ == "__main__":
    main()
