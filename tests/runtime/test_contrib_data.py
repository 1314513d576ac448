"""runtime.data (tf.contrib.data's transformations TF 2 has no name for) against plain-Python batches.

Eagerly, inside tf.function (a reduction over the dataset) and in a v1 graph with a Session: full
batches only, padding to the longest row of each batch, a static batch dimension, and
sloppy_interleave giving interleave's elements.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime import data

ROWS = [[1], [2, 2], [3, 3, 3], [4], [5, 5], [6, 6, 6, 6], [7]]


def ragged_rows():
    return tf.data.Dataset.from_generator(lambda: iter(ROWS), tf.int32, tf.TensorShape([None]))


def padded_reference(batch_size, pad):
    batches = []
    for start in range(0, len(ROWS) - batch_size + 1, batch_size):
        rows = ROWS[start:start + batch_size]
        width = max(map(len, rows))
        batches.append([row + [pad] * (width - len(row)) for row in rows])
    return batches


def test_padded_batch_and_drop_remainder_eagerly():
    batched = ragged_rows().apply(data.padded_batch_and_drop_remainder(3, [None], padding_values=-1))
    assert batched.element_spec.shape.as_list() == [3, None]
    assert [batch.numpy().tolist() for batch in batched] == padded_reference(3, -1)


def test_batch_and_drop_remainder_in_tf_function():
    @tf.function
    def total_and_count():
        batched = tf.data.Dataset.range(11).apply(data.batch_and_drop_remainder(4))
        return batched.reduce((tf.constant(0, tf.int64), tf.constant(0)),
                              lambda state, batch: (state[0] + tf.reduce_sum(batch), state[1] + 1))

    total, count = total_and_count()
    assert (int(total), int(count)) == (sum(range(8)), 2)  # 8, 9, 10 dropped


def test_padded_batch_and_drop_remainder_in_a_v1_graph():
    with tf.Graph().as_default():
        batched = ragged_rows().apply(data.padded_batch_and_drop_remainder(2, [None]))
        next_batch = tf.compat.v1.data.make_one_shot_iterator(batched).get_next()
        assert next_batch.shape.as_list() == [2, None]
        batches = []
        with tf.compat.v1.Session() as session:
            while True:
                try:
                    batches.append(session.run(next_batch).tolist())
                except tf.errors.OutOfRangeError:
                    break
    assert batches == padded_reference(2, 0)


def test_sloppy_interleave_gives_interleaves_elements():
    sources = tf.data.Dataset.range(1, 4)
    sloppy = sources.apply(data.sloppy_interleave(lambda n: tf.data.Dataset.from_tensors(n).repeat(n), 2))
    expected = [n for n in range(1, 4) for _ in range(n)]
    assert sorted(int(x) for x in sloppy) == expected
