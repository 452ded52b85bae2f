#!/usr/bin/env python3
"""Dump a PyTorch network's activations to an .npz file that nladc reads.

nladc fits ADC levels to the values the ADC will see: the activations at the
layers whose outputs an in-memory macro digitises. This script records them
with forward hooks while the network runs in eval mode on calibration
images, and writes one float32 array per layer with numpy.savez:

    python3 examples/dump_activations.py --images /data/imagenet/val --out acts.npz
    build/cli/nladc flow acts.npz -o acts-flow

It uses torchvision's pretrained ResNet-18 and an ImageFolder directory
(one subdirectory per class, as ImageNet's validation set is laid out).
For your own network, change model(), calibration_data() and LAYERS.
"""

import argparse

import numpy as np
import torch
import torchvision

# The modules whose outputs are digitised, by their names in
# model.named_modules(); each becomes one array, and one level set, named
# after it. In torchvision's ResNet-18 a BasicBlock has one ReLU module that
# runs twice (after its first convolution and after the residual add), so
# its hook records both.
LAYERS = ["relu", "layer1.0.relu", "layer2.0.relu", "layer3.0.relu", "layer4.0.relu"]
BATCHES = 8  # of --batch-size images: enough for a stable distribution
SAMPLES_PER_LAYER = 200_000  # a random subset of each layer's values keeps the file small


def model():
    weights = torchvision.models.ResNet18_Weights.DEFAULT
    # eval(): batch-norm uses its running statistics and dropout is off, as in inference.
    return torchvision.models.resnet18(weights=weights).eval()


def calibration_data(images, batch_size):
    transform = torchvision.models.ResNet18_Weights.DEFAULT.transforms()
    dataset = torchvision.datasets.ImageFolder(images, transform=transform)
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", required=True, help="ImageFolder directory of calibration images")
    parser.add_argument("--out", default="acts.npz", help="the .npz file to write")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)

    net = model()
    modules = dict(net.named_modules())
    missing = [name for name in LAYERS if name not in modules]
    if missing:
        raise SystemExit(f"no module named {missing}; the model has: {', '.join(n for n in modules if n)}")

    recorded = {name: [] for name in LAYERS}

    def recorder(name):
        def record(module, inputs, output):
            # A copy: later in-place operations must not change what was recorded.
            recorded[name].append(output.detach().flatten().cpu().numpy().copy())

        return record

    hooks = [modules[name].register_forward_hook(recorder(name)) for name in LAYERS]
    with torch.no_grad():
        for batch_index, (images, _labels) in enumerate(calibration_data(args.images, args.batch_size)):
            if batch_index == BATCHES:
                break
            net(images)
    for hook in hooks:
        hook.remove()

    rng = np.random.default_rng(args.seed)
    arrays = {}
    for name, chunks in recorded.items():
        values = np.concatenate(chunks).astype(np.float32)
        if values.size > SAMPLES_PER_LAYER:
            values = rng.choice(values, size=SAMPLES_PER_LAYER, replace=False)
        arrays[name] = values
    np.savez(args.out, **arrays)
    for name, values in arrays.items():
        print(f"{name}: {values.size} values in [{values.min():.4g}, {values.max():.4g}]")


if __name__ == "__main__":
    main()
