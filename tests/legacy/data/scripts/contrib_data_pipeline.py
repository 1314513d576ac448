"""An unmodified TF1 input pipeline in tensorflow/nmt's style: tf.contrib.data, tf.contrib.learn.ModeKeys,
tf.estimator.ModeKeys and a tf.contrib.opt optimizer, run in graph mode with a Session; prints JSON."""

import json

import tensorflow as tf
from tensorflow.contrib.data.python.ops import batching
from tensorflow.contrib.opt.python.training import weight_decay_optimizers

MODE = tf.contrib.learn.ModeKeys.TRAIN
BATCH_SIZE = 2
NUM_BUCKETS = 2
SRC_MAX_LEN = 6


def batching_func(x):
    return x.apply(tf.contrib.data.padded_batch_and_drop_remainder(
        BATCH_SIZE, padded_shapes=(tf.TensorShape([None]), tf.TensorShape([])), padding_values=(-1, 0)))


def key_func(unused_src, src_len):
    bucket_width = (SRC_MAX_LEN + NUM_BUCKETS - 1) // NUM_BUCKETS
    return tf.to_int64(tf.minimum(NUM_BUCKETS, src_len // bucket_width))


def reduce_func(unused_key, windowed_data):
    return batching_func(windowed_data)


def get_iterator(lengths):
    """nmt's iterator_utils.get_iterator, reduced: bucket by length, pad, full batches only."""
    sources = tf.data.Dataset.from_generator(lambda: ([10 * n + i for i in range(n)] for n in lengths), tf.int32,
                                             tf.TensorShape([None]))
    dataset = sources.map(lambda src: (src, tf.size(src)))
    if MODE == tf.contrib.learn.ModeKeys.TRAIN:
        dataset = dataset.apply(tf.contrib.data.group_by_window(key_func=key_func, reduce_func=reduce_func,
                                                                window_size=BATCH_SIZE))
    return dataset.make_initializable_iterator()


iterator = get_iterator([1, 5, 2, 4, 3, 5, 1, 2, 6])
src_ids, src_len = iterator.get_next()

plain = tf.data.Dataset.range(7).apply(batching.batch_and_drop_remainder(3))
plain_next = plain.make_one_shot_iterator().get_next()
unbatched = tf.data.Dataset.from_tensors([[1, 2], [3, 4]]).apply(tf.contrib.data.unbatch())
unbatched_next = unbatched.make_one_shot_iterator().get_next()

embedding = tf.get_variable("embedding", initializer=tf.ones([4, 2]))
loss = tf.reduce_sum(tf.nn.embedding_lookup(embedding, [1, 1, 3]))
train_op = tf.contrib.opt.LazyAdamOptimizer(0.1).minimize(loss)
bias = tf.get_variable("bias", initializer=tf.constant([2.0, -4.0]))
decay_op = weight_decay_optimizers.MomentumWOptimizer(0.25, 0.1, 0.9).minimize(
    tf.reduce_sum(bias), decay_var_list=[bias])

report = {"modes": [tf.contrib.learn.ModeKeys.INFER, tf.estimator.ModeKeys.PREDICT, tf.estimator.ModeKeys.EVAL],
          "static_batch_shape": src_ids.shape.as_list(), "plain_static_shape": plain_next.shape.as_list()}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(iterator.initializer)
    batches = []
    while True:
        try:
            ids, lens = sess.run([src_ids, src_len])
        except tf.errors.OutOfRangeError:
            break
        batches.append([ids.tolist(), lens.tolist()])
    report["batches"] = batches
    plain_batches = []
    while True:
        try:
            plain_batches.append(sess.run(plain_next).tolist())
        except tf.errors.OutOfRangeError:
            break
    report["plain_batches"] = plain_batches
    report["unbatched"] = [sess.run(unbatched_next).tolist() for _ in range(2)]
    sess.run(train_op)
    report["embedding"] = sess.run(embedding).tolist()
    sess.run(decay_op)
    report["decayed_bias"] = sess.run(bias).tolist()
    report["slots"] = sorted(v.op.name for v in tf.global_variables())
report["refused"] = []
for probe in (lambda: tf.contrib.data.sliding_window_batch(2), lambda: tf.contrib.opt.NadamOptimizer,
              lambda: tf.contrib.learn.Experiment, lambda: tf.estimator.Estimator):
    try:
        probe()
    except AttributeError as error:
        report["refused"].append(str(error))
print(json.dumps(report))
