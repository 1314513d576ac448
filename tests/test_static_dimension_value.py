"""S2S905 (engine/tensor_shape.py) on the rewriter side: which files and reads it touches."""

from __future__ import annotations

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.engine.prefilter import may_need_rewrite

READ = b"def width(x):\n    return x.get_shape()[1].value\n"


def test_a_file_using_tensorflow_passes_the_prefilter_and_is_rewritten():
    source = b"import tensorflow as tf\n\n" + READ
    assert may_need_rewrite(source)
    result = migrate_source(source)
    assert result.output == b"import tensorflow as tf\n\ndef width(x):\n    return tf.compat.dimension_value(x.get_shape()[1])\n"
    assert [(f.rule_id, f.line, f.column, f.fixed) for f in result.findings] == [("S2S905", 4, 12, True)]


def test_a_file_without_tensorflow_is_left_alone():
    assert not may_need_rewrite(READ)
    result = migrate_source(READ)
    assert result.output == READ and result.findings == ()


def test_skip_rule_leaves_the_read():
    source = b"import tensorflow as tf\n\n" + READ
    result = migrate_source(source, skip_rules=("S2S905",))
    assert result.output == source


def test_calls_with_arguments_and_other_attributes_are_not_shapes():
    source = b"import tensorflow as tf\n\nx = tf.shape(y)[0].value, t.get_shape(1)[0].value, t.size[0].value\n"
    assert migrate_source(source).output == source
