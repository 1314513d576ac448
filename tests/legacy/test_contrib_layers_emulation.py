"""tf.contrib.layers in an unmodified TF1 script under the emulation, against numpy.

The script (embedding shared by scope and reuse, fully_connected with a regularizer and a contrib
initializer, layer_norm, dropout fed by a placeholder, linear, conv2d, flatten, apply_regularization,
also through contrib.layers' private modules) runs in one subprocess. Its outputs are recomputed here in
numpy from the variable values it reports, under the variable names TF 1.15 gave them.
"""

from __future__ import annotations

import math

import numpy as np

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok


def layer_norm(x, gamma, beta, epsilon=1e-12):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + epsilon) * gamma + beta


def conv_valid(images, kernel):
    kh, kw = kernel.shape[:2]
    rows, cols = images.shape[1] - kh + 1, images.shape[2] - kw + 1
    out = np.zeros((images.shape[0], rows, cols, kernel.shape[3]))
    for r in range(rows):
        for c in range(cols):
            out[:, r, c] = np.einsum("bhwc,hwco->bo", images[:, r:r + kh, c:c + kw], kernel)
    return out


def test_tf1_script_with_contrib_layers(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_layers.py", cwd=tmp_path).stdout)
    w = {name: np.array(value) for name, value in report["variables"].items()}

    assert sorted(w) == [
        "encoder/Conv/biases", "encoder/Conv/weights", "encoder/LayerNorm/beta", "encoder/LayerNorm/gamma",
        "encoder/fully_connected/biases", "encoder/fully_connected/weights", "encoder/output_projection/biases",
        "encoder/output_projection/weights", "encoder/shared_embeddings/embeddings"]
    assert report["model_variables"] == sorted(w)
    ids = np.array(report["ids"])
    emb = w["encoder/shared_embeddings/embeddings"][ids]
    np.testing.assert_allclose(report["emb"], emb, rtol=1e-6)
    np.testing.assert_allclose(report["dec_emb"], emb, rtol=1e-6)

    hidden = np.maximum(emb @ w["encoder/fully_connected/weights"] + w["encoder/fully_connected/biases"], 0)
    hidden = layer_norm(hidden, w["encoder/LayerNorm/gamma"], w["encoder/LayerNorm/beta"])
    projection = w["encoder/output_projection/weights"], w["encoder/output_projection/biases"]
    np.testing.assert_allclose(report["inference"], hidden @ projection[0] + projection[1], rtol=1e-4, atol=1e-5)
    dropped = np.array(report["dropped"])  # keep_prob 0.5 while training: each unit is 0 or doubled
    kept = dropped != 0
    np.testing.assert_allclose(dropped[kept], 2 * hidden[kept], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(report["logits"], dropped @ projection[0] + projection[1], rtol=1e-4, atol=1e-5)

    kernel = w["encoder/Conv/weights"]
    assert kernel.shape == (2, 3, 1, 2) and np.all(np.abs(kernel) <= 2 * math.sqrt(1.3 / 9.0))  # fans 6 and 12
    conv = np.maximum(conv_valid(emb.reshape(-1, 4, 6, 1), kernel) + w["encoder/Conv/biases"], 0)
    np.testing.assert_allclose(report["conv"], conv, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(report["flat"], conv.reshape(2, -1), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(report["penalty"], 0.5 * np.abs(conv).sum(), rtol=1e-4)
    weights = w["encoder/fully_connected/weights"]
    np.testing.assert_allclose(report["regularization"], 0.01 * (weights ** 2).sum() / 2 + report["penalty"],
                               rtol=1e-4)

    refused, integer_scale = report["errors"]
    assert refused[0] == "AttributeError" and refused[1].startswith(
        "tf.contrib.layers.batch_norm is out of scope for tf-migrate's TF1 emulation: of tf.contrib.layers "
        "it provides fully_connected, linear,")
    assert integer_scale == ["ValueError", "scale cannot be an integer: 1"]
