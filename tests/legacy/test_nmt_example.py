"""The bundled TF1 NMT example (examples/nmt_tf1) trains and translates, unmodified, under the emulation."""

from __future__ import annotations

import tensorflow as tf

from legacy.legacy_tools import REPOSITORY, run_ok

EXAMPLE = REPOSITORY / "examples" / "nmt_tf1"


def test_nmt_example_trains_then_translates_with_beam_search(tmp_path):
    checkpoints = tmp_path / "ckpt"
    trained = run_ok(EXAMPLE / "train.py", "--steps", "3", "--out", checkpoints, cwd=tmp_path)
    assert f"saved {checkpoints / 'model.ckpt-3'}" in trained.stdout
    names = {name for name, _ in tf.train.list_variables(str(checkpoints / "model.ckpt-3"))}
    assert {"nmt/src_embedding", "nmt/encoder/rnn/lstm_cell/kernel",
            "nmt/decoder/memory_layer/kernel", "nmt/decoder/attention_wrapper/lstm_cell/kernel",
            "nmt/decoder/attention_wrapper/bahdanau_attention/attention_g",
            "nmt/decoder/output_projection/kernel", "nmt/decoder/output_projection/kernel/Adam"} <= names

    translated = run_ok(EXAMPLE / "infer.py", "--ckpt", checkpoints, cwd=tmp_path)
    lines = translated.stdout.strip().splitlines()
    assert len(lines) == 6
    assert all(" -> " in line for line in lines)
