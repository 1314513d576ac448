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
        "tf.contrib.layers.max_pool2d is out of scope for tf-migrate's TF1 emulation: of tf.contrib.layers "
        "it provides fully_connected, linear,")
    assert integer_scale == ["ValueError", "scale cannot be an integer: 1"]


def test_tf1_training_step_with_batch_norm_optimize_loss_and_framework_helpers(tmp_path):
    """batch_norm's train-mode output and UPDATE_OPS, optimize_loss's SGD step (which runs the update ops
    first), one_hot_encoding and contrib.framework's helpers, recomputed in numpy from what the script saw."""
    report = last_json_line(run_ok(SCRIPTS / "contrib_layers_training.py", cwd=tmp_path).stdout)
    x, labels = np.array(report["features"]), np.array(report["labels"])
    before, after = report["before"], report["after"]
    assert sorted(before) == [
        "OptimizeLoss/learning_rate", "global_step", "model/BatchNorm/beta", "model/BatchNorm/gamma",
        "model/BatchNorm/moving_mean", "model/BatchNorm/moving_variance", "model/frozen/beta", "model/frozen/gamma",
        "model/frozen/moving_mean", "model/frozen/moving_variance", "model/projection"]
    assert report["update_ops"] == 2 and report["summaries"] == ["OptimizeLoss/loss"]
    assert report["model_variables"] == sorted(name for name in before if name.startswith("model/"))
    assert report["to_restore"] == ["model/BatchNorm/beta", "model/BatchNorm/gamma", "model/BatchNorm/moving_mean",
                                    "model/BatchNorm/moving_variance", "model/projection"]

    mean, variance = x.mean(0), x.var(0)
    normed = (x - mean) / np.sqrt(variance + 1e-3)  # gamma 1, beta 0 (scale=True from the arg_scope)
    targets = np.eye(2)[labels]
    projection = np.array(before["model/projection"])
    residual = normed @ projection - targets
    np.testing.assert_allclose(report["loss"], np.mean(np.sum(residual ** 2, 1)), rtol=1e-5)
    n = len(x)
    grad_projection = normed.T @ (2 * residual / n)
    np.testing.assert_allclose(after["model/projection"], projection - 0.1 * grad_projection, rtol=1e-4, atol=1e-6)
    # decay 0.9 from the arg_scope; the fused path's moving variance takes the Bessel-corrected variance
    np.testing.assert_allclose(after["model/BatchNorm/moving_mean"], 0.1 * mean, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(after["model/BatchNorm/moving_variance"], 0.9 + 0.1 * variance * n / (n - 1),
                               rtol=1e-5)
    np.testing.assert_allclose(report["frozen"], normed / np.sqrt(1.0 + 1e-3), rtol=1e-4, atol=1e-5)
    assert after["global_step"] == 1


def test_tf1_slim_model_with_arg_scope_and_batch_norm_normalizer(tmp_path):
    """slim under the emulation: arg_scope hands conv2d batch_norm as normalizer_fn (so Conv has no biases
    and BatchNorm's inference uses the initial moving statistics), fully_connected opts out of it."""
    report = last_json_line(run_ok(SCRIPTS / "contrib_slim.py", cwd=tmp_path).stdout)
    w = {name: np.array(value) for name, value in report["variables"].items()}
    assert sorted(w) == ["global_step", "net/conv/BatchNorm/beta", "net/conv/BatchNorm/gamma",
                         "net/conv/BatchNorm/moving_mean", "net/conv/BatchNorm/moving_variance",
                         "net/conv/weights", "net/logits/biases", "net/logits/weights"]
    assert report["model_variables"] == sorted(name for name in w if name.startswith("net/"))
    assert report["to_restore"] == sorted(name for name in w if name.startswith("net/conv/"))
    images = np.array(report["images"])
    conv = conv_valid(images, w["net/conv/weights"]) / np.sqrt(1.0 + 1e-3)  # moving mean 0, variance 1
    conv = np.maximum(conv, 0)
    np.testing.assert_allclose(report["conv"], conv, rtol=1e-4, atol=1e-5)
    logits = conv.reshape(2, -1) @ w["net/logits/weights"] + w["net/logits/biases"]
    np.testing.assert_allclose(report["logits"], logits, rtol=1e-4, atol=1e-5)
    assert report["error"].startswith("tf.contrib.slim.learning is out of scope for tf-migrate's TF1 emulation: "
                                      "of tf.contrib.slim it provides fully_connected, linear,")
