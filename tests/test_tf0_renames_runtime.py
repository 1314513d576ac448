"""TF 0.x op names (rules/tf0_core.toml) and tf.concat's old argument order, rewritten and run on TF 2.21.

The numpy references restate what TF 0.12 documented for each op; the migrated snippet must agree.
"""

from __future__ import annotations

import numpy as np
import pytest

from tf_seq2seq_migrate.api import migrate_source

tf = pytest.importorskip("tensorflow")

TF0_SOURCE = b"""import tensorflow as tf


def ops(x, y, mask, steps):
    return {
        "concat": tf.concat(1, [x, y]),
        "concat_v2": tf.concat_v2([x, y], 0),
        "pack": tf.pack(steps, axis=1),
        "unpack": tf.unpack(x, axis=1),
        "mul": tf.mul(x, y),
        "sub": tf.sub(x, y),
        "neg": tf.neg(x),
        "select": tf.select(mask, x, y),
        "batch_matmul": tf.batch_matmul(tf.expand_dims(x, 0), tf.expand_dims(y, 0), False, True),
    }
"""


def test_migrated_tf0_ops_match_their_documented_results():
    migrated = migrate_source(TF0_SOURCE, path="old.py")
    assert not any(f.rule_id.startswith("S2S9") for f in migrated.findings)
    namespace: dict = {}
    exec(compile(migrated.output, "old.py", "exec"), namespace)
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(2, 3)).astype(np.float32), rng.normal(size=(2, 3)).astype(np.float32)
    mask = np.array([[True, False, True], [False, True, False]])
    steps = [x, y, x]
    got = {k: (v.numpy() if hasattr(v, "numpy") else [t.numpy() for t in v])
           for k, v in namespace["ops"](tf.constant(x), tf.constant(y), tf.constant(mask), steps).items()}
    np.testing.assert_allclose(got["concat"], np.concatenate([x, y], axis=1))
    np.testing.assert_allclose(got["concat_v2"], np.concatenate([x, y], axis=0))
    np.testing.assert_allclose(got["pack"], np.stack(steps, axis=1))
    np.testing.assert_allclose(np.stack(got["unpack"]), np.stack([x[:, i] for i in range(3)]))
    np.testing.assert_allclose(got["mul"], x * y)
    np.testing.assert_allclose(got["sub"], x - y)
    np.testing.assert_allclose(got["neg"], -x)
    np.testing.assert_allclose(got["select"], np.where(mask, x, y))
    np.testing.assert_allclose(got["batch_matmul"], (x @ y.T)[None], rtol=1e-5)
