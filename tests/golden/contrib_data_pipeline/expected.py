"""tensorflow/nmt's input pipeline (utils/iterator_utils.py) with the tf.contrib.data names TF 2 dropped."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import data


def get_iterator(src_dataset, batch_size, num_buckets, src_max_len, src_eos_id):
    src_dataset = src_dataset.map(lambda src: (src, tf.size(src)))

    def batching_func(x):
        return x.apply(data.padded_batch_and_drop_remainder(
            batch_size, padded_shapes=(tf.TensorShape([None]), tf.TensorShape([])),
            padding_values=(src_eos_id, 0)))

    def key_func(unused_src, src_len):
        bucket_width = (src_max_len + num_buckets - 1) // num_buckets
        return tf.cast(tf.minimum(num_buckets, src_len // bucket_width), dtype=tf.int64)

    def reduce_func(unused_key, windowed_data):
        return batching_func(windowed_data)

    batched = src_dataset.apply(tf.data.experimental.group_by_window(
        key_func=key_func, reduce_func=reduce_func, window_size=batch_size))
    iterator = tf.compat.v1.data.Iterator.from_structure(
        (tf.int32, tf.int32), (tf.TensorShape([batch_size, None]), tf.TensorShape([batch_size])))
    return iterator, iterator.make_initializer(batched)


def eval_batches(dataset, batch_size):
    return dataset.apply(data.batch_and_drop_remainder(batch_size))


def read_shards(filenames):
    return filenames.apply(data.sloppy_interleave(tf.data.TFRecordDataset, cycle_length=4))


def windows(dataset):
    # TODO(tf-migrate): S2S485 tf.contrib.data.assert_element_shape: tf_upgrade_v2 renames it to tf.data.experimental, but TF 2.21 has no such name (assert_element_shape: use dataset.map with tf.ensure_shape; CheckpointInputPipelineHook went with tf.estimator; the stats API was removed); port it by hand
    dataset = dataset.apply(tf.contrib.data.assert_element_shape(tf.TensorShape([None])))
    # TODO(tf-migrate): S2S484 tf.contrib.data.sliding_window_batch: TF 2 has no sliding_window_batch; TF 1.15's own replacement is `lambda ds: ds.window(window_size, shift=window_shift, stride=window_stride, drop_remainder=True).flat_map(lambda w: w.batch(window_size))` (window_shift defaults to 1, stride is its old name; for a single-tensor dataset, zip the windows of each component for tuples)
    return dataset.apply(tf.contrib.data.sliding_window_batch(window_size=3))
