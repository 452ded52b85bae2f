#!/usr/bin/python3
"""Writes examples/activations.npz, the bundled example activations.

Real dumps come from a trained network (see examples/README.md for a PyTorch
script); no trained weights can be fetched here, so this script makes
activations with the same shapes from a small random-weight CNN in numpy:

  images       64 smooth random 3x32x32 "images" (blurred noise plus edges)
  conv1.relu   3x3 conv, 3->16, batch-norm, ReLU      (point mass at 0)
  block2.relu6 3x3 conv stride 2, 16->32, BN, ReLU6   (masses at 0 and 6)
  fc1.relu     4x4 average pool, linear 32->64 per pooled position, BN, ReLU

Weights are He-initialised and batch-norm uses the batch statistics with
fixed gamma/beta, as a freshly initialised network in training mode would.
Each tensor is subsampled to 40,000 values (float32) to keep the file small.
Deterministic: numpy's PCG64 with a fixed seed.

    /usr/bin/python3 examples/make_activations.py
"""

import os

import numpy as np

SEED = 20261125
SAMPLES_PER_TENSOR = 40000

rng = np.random.default_rng(SEED)


def blur(x, passes=3):
    # Separable [1 2 1]/4 filter, repeated: smooth like natural images.
    for _ in range(passes):
        x = (np.roll(x, 1, -1) + 2 * x + np.roll(x, -1, -1)) / 4
        x = (np.roll(x, 1, -2) + 2 * x + np.roll(x, -1, -2)) / 4
    return x


def images(n):
    x = blur(rng.normal(size=(n, 3, 32, 32)))
    # A few hard edges per image, as objects give.
    for i in range(n):
        r, c = rng.integers(4, 28, size=2)
        x[i, :, r:, c:] += rng.normal(scale=0.5, size=(3, 1, 1))
    return (x - x.mean()) / x.std()


def conv(x, out_channels, stride=1):
    n, c, h, w = x.shape
    weights = rng.normal(scale=np.sqrt(2.0 / (c * 9)), size=(out_channels, c, 3, 3))
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    oh, ow = h // stride, w // stride
    out = np.zeros((n, out_channels, oh, ow))
    for dy in range(3):
        for dx in range(3):
            patch = padded[:, :, dy:dy + h:stride, dx:dx + w:stride][:, :, :oh, :ow]
            out += np.einsum("nchw,oc->nohw", patch, weights[:, :, dy, dx])
    return out


def batch_norm(x, gamma, beta, axes):
    mean = x.mean(axis=axes, keepdims=True)
    std = x.std(axis=axes, keepdims=True) + 1e-5
    return gamma * (x - mean) / std + beta


def subsample(x):
    flat = x.astype(np.float32).ravel()
    return rng.choice(flat, size=SAMPLES_PER_TENSOR, replace=False)


x = images(64)
conv1 = np.maximum(batch_norm(conv(x, 16), 1.0, 0.0, (0, 2, 3)), 0.0)
block2 = np.clip(batch_norm(conv(conv1, 32, stride=2), 2.5, 1.0, (0, 2, 3)), 0.0, 6.0)
pooled = block2.reshape(64, 32, 4, 4, 4, 4).mean(axis=(3, 5)).transpose(0, 2, 3, 1).reshape(-1, 32)
fc1_weights = rng.normal(scale=np.sqrt(2.0 / 32), size=(32, 64))
fc1 = np.maximum(batch_norm(pooled @ fc1_weights, 1.0, 0.2, (0,)), 0.0)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activations.npz")
np.savez_compressed(out, **{
    "conv1.relu": subsample(conv1),
    "block2.relu6": subsample(block2),
    "fc1.relu": subsample(fc1),
})
