"""``tf-migrate validate``: prove with numbers that a migrated model computes what the TF1 one did.

For each fixture (see ``fixtures/README.md``) and each mode, :mod:`.pipeline` runs the original under the
legacy emulation (:func:`tf_seq2seq_migrate.legacy.api.run_fixture_original`), rewrites the source with
the real rewriter, runs the rewrite in TF 2 graph mode (restoring the original's TF1 checkpoint with
``tf.compat.v1.train.Saver``) and eagerly (loading it through the runtime's TF1 name map), each in a fresh
process (:mod:`.worker`), and compares every output (:mod:`.compare`).

Importing this package, :mod:`.spec`, :mod:`.inputs`, :mod:`.compare`, :mod:`.report` or :mod:`.cli` does
not import TensorFlow; only the worker processes do.
"""
