"""Run UNMODIFIED TensorFlow 1 programs on TensorFlow 2.x: the legacy emulation.

``python -m tf_seq2seq_migrate.legacy run script.py [args]`` runs a TF1 script the way ``python
script.py`` ran it on TF 1.15; :mod:`tf_seq2seq_migrate.legacy.api` is the programmatic side
(``run_script``, ``run_fixture_original``) that ``tf-migrate validate`` uses. The emulation always runs in
a fresh process: ``TF_USE_LEGACY_KERAS=1`` has to be set before TensorFlow is first imported.

How user code and library code see two different ``tensorflow`` modules
-----------------------------------------------------------------------
The runtime (and TensorFlow, tf_keras and Keras themselves) do ``import tensorflow as tf`` and need the
real TF2 module; user code doing the same line needs the TF1 API with ``tf.contrib``. The emulation
(:mod:`~tf_seq2seq_migrate.legacy.bootstrap`) therefore:

1. sets ``TF_USE_LEGACY_KERAS=1``, imports the real TensorFlow, forces the lazily loaded tf_keras
   legacy cells and ``tf.layers`` in, imports the whole runtime, then switches TF1 behaviour on
   (``disable_v2_behavior``: graph mode, v1 ``TensorShape``/``Dimension``, v1 tensor equality), keeping
   two TF 2 compat.v1 defaults the runtime is written for: resource variables and control flow v2
   (names, checkpoints and numbers are unaffected); ``TensorShape`` indexing answers per caller
   (:mod:`~tf_seq2seq_migrate.legacy.shape_semantics`): ``Dimension`` for user code, ``int``/``None``
   for the runtime and Keras 3;
2. keeps the REAL module in ``sys.modules["tensorflow"]``, so every lazy import inside TensorFlow,
   tf_keras, Keras and the runtime keeps getting what it was written against;
3. wraps ``builtins.__import__``: an ``import tensorflow ...`` statement executed by any module that is
   not part of TensorFlow, tf_keras, Keras or this package (the script, its own modules, fixture
   models) is answered with the TF1 facade (:mod:`~tf_seq2seq_migrate.legacy.facade`);
4. puts a finder on ``sys.meta_path`` that serves ``tensorflow.contrib`` and its submodules (including
   the private paths such as ``tensorflow.contrib.seq2seq.python.ops.attention_wrapper``) from
   :mod:`tf_seq2seq_migrate.legacy.contrib`, and raises an ImportError naming the module for the
   contrib modules that are out of scope.

A finder alone cannot do step 3 (``sys.modules`` answers before any finder is asked), and replacing
``sys.modules["tensorflow"]`` would hand the TF1 facade to TensorFlow's own lazily imported modules.
Known limit: ``importlib.import_module("tensorflow")`` in user code gets the real TF2 module.
"""

__all__ = ["api"]
