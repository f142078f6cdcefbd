"""Child process: reads an exported model.h5 and model.keras with h5py + NumPy only (no Keras, no
Regula code), reports each file's layers, weights and regularizer configs, and runs a NumPy forward
pass from the file's own config and weights on the raw inputs given.

Usage: keras_read.py PACKAGE_DIR INPUTS_JSON   (INPUTS_JSON: [[raw input values per row], ...])
Prints one JSON object: {"h5": {...}, "keras": {...}}.
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np

ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "elu": lambda z: np.where(z > 0, z, np.expm1(z)),
    "selu": lambda z: 1.0507009873554805 * np.where(z > 0, z, 1.6732632423543772 * np.expm1(z)),
    "softmax": lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
}


def forward(layers, weights, x):
    h = np.asarray(x, dtype=np.float64)
    for layer in layers:
        kind, cfg = layer["class_name"], layer["config"]
        if kind == "Normalization":
            h = (h - np.asarray(cfg["mean"])) / np.sqrt(np.asarray(cfg["variance"]))
        elif kind == "Dense":
            kernel, bias = weights[cfg["name"]]
            h = ACTIVATIONS[cfg["activation"]](h @ kernel.astype(np.float64) + bias.astype(np.float64))
        elif kind == "Activation":
            h = ACTIVATIONS[cfg["activation"]](h)
        elif kind == "Dropout":
            pass
        else:
            raise ValueError("unexpected layer " + kind)
    return h


def describe(layers, weights):
    out = []
    for layer in layers:
        cfg = layer["config"]
        entry = {"class_name": layer["class_name"], "name": cfg["name"]}
        for key in ("units", "activation", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "rate"):
            if key in cfg:
                entry[key] = cfg[key]
        if cfg["name"] in weights:
            kernel, bias = weights[cfg["name"]]
            entry["kernel_shape"] = list(kernel.shape)
            entry["kernel"] = kernel.astype(np.float64).ravel().tolist()
            entry["kernel_dtype"] = str(kernel.dtype)
            entry["bias"] = bias.astype(np.float64).tolist()
        out.append(entry)
    return out


def read_h5(path, x):
    with h5py.File(path, "r") as f:
        config = json.loads(f.attrs["model_config"])
        layers = [l for l in config["config"]["layers"] if l["class_name"] != "InputLayer"]
        group = f["model_weights"]
        layer_names = [n.decode() if isinstance(n, bytes) else str(n) for n in group.attrs["layer_names"]]
        weights = {}
        for name in layer_names:
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in group[name].attrs["weight_names"]]
            if names:
                weights[name] = tuple(group[name][n][()] for n in names)
        return {
            "keras_version": str(f.attrs["keras_version"]),
            "layer_names": layer_names,
            "layers": describe(layers, weights),
            "predictions": forward(layers, weights, x).tolist(),
        }


def snake(class_name):
    return {"Normalization": "normalization", "Dense": "dense", "Dropout": "dropout", "Activation": "activation"}[class_name]


def read_keras(path, x):
    with zipfile.ZipFile(path) as z:
        names = sorted(z.namelist())
        config = json.loads(z.read("config.json"))
        metadata = json.loads(z.read("metadata.json"))
        h5bytes = z.read("model.weights.h5")
    layers = [l for l in config["config"]["layers"] if l["class_name"] != "InputLayer"]
    weights, paths, used = {}, [], {}
    with h5py.File(io.BytesIO(h5bytes), "r") as f:
        for layer in layers:
            # Keras 3 names each layer's group by class in order: dense, dense_1, … (saving_lib).
            base = snake(layer["class_name"])
            n = used.get(base)
            used[base] = 0 if n is None else n + 1
            group_path = "layers/" + (base if n is None else f"{base}_{n + 1}") + "/vars"
            paths.append(group_path)
            group = f[group_path]
            assert group.attrs["name"] == layer["config"]["name"], (group_path, group.attrs["name"])
            if len(group.keys()):
                weights[layer["config"]["name"]] = (group["0"][()], group["1"][()])
    return {
        "files": names,
        "metadata": metadata,
        "class_name": config["class_name"],
        "paths": paths,
        "layers": describe(layers, weights),
        "predictions": forward(layers, weights, x).tolist(),
    }


def main():
    package, inputs = sys.argv[1], sys.argv[2]
    with open(inputs) as f:
        x = json.load(f)
    print(json.dumps({"h5": read_h5(package + "/model.h5", x), "keras": read_keras(package + "/model.keras", x)}))


main()
