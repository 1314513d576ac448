"""tensorflow/nmt's input pipeline (utils/iterator_utils.py) with the tf.contrib.data names TF 2 dropped."""
import tensorflow as tf
from tensorflow.contrib.data.python.ops import batching


def get_iterator(src_dataset, batch_size, num_buckets, src_max_len, src_eos_id):
    src_dataset = src_dataset.map(lambda src: (src, tf.size(src)))

    def batching_func(x):
        return x.apply(tf.contrib.data.padded_batch_and_drop_remainder(
            batch_size, padded_shapes=(tf.TensorShape([None]), tf.TensorShape([])),
            padding_values=(src_eos_id, 0)))

    def key_func(unused_src, src_len):
        bucket_width = (src_max_len + num_buckets - 1) // num_buckets
        return tf.to_int64(tf.minimum(num_buckets, src_len // bucket_width))

    def reduce_func(unused_key, windowed_data):
        return batching_func(windowed_data)

    batched = src_dataset.apply(tf.contrib.data.group_by_window(
        key_func=key_func, reduce_func=reduce_func, window_size=batch_size))
    iterator = tf.contrib.data.Iterator.from_structure(
        (tf.int32, tf.int32), (tf.TensorShape([batch_size, None]), tf.TensorShape([batch_size])))
    return iterator, iterator.make_initializer(batched)


def eval_batches(dataset, batch_size):
    return dataset.apply(batching.batch_and_drop_remainder(batch_size))


def read_shards(filenames):
    return filenames.apply(tf.contrib.data.sloppy_interleave(tf.data.TFRecordDataset, cycle_length=4))


def windows(dataset):
    dataset = dataset.apply(tf.contrib.data.assert_element_shape(tf.TensorShape([None])))
    return dataset.apply(tf.contrib.data.sliding_window_batch(window_size=3))
