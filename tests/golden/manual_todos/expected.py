import tensorflow as tf
# TODO(tf-migrate): S2S901 star import from tf.contrib.seq2seq: import the names you use from tf_seq2seq_migrate.runtime.seq2seq instead
from tensorflow.contrib.seq2seq import *
from tf_seq2seq_migrate.runtime import contrib_layers as slim
from tf_seq2seq_migrate.runtime import contrib_layers
from tf_seq2seq_migrate.runtime import seq2seq


def cell_by_name(name, units):
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.seq2seq cannot be converted; look the name up in tf_seq2seq_migrate.runtime.seq2seq by hand
    cell_class = getattr(tf.contrib.seq2seq, name)
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.seq2seq cannot be converted; look the name up in tf_seq2seq_migrate.runtime.seq2seq by hand
    if hasattr(tf.contrib.seq2seq, "SomeFutureDecoder"):
        pass
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.seq2seq cannot be converted; look the name up in tf_seq2seq_migrate.runtime.seq2seq by hand
    names = vars(tf.contrib.seq2seq)
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.seq2seq cannot be converted; look the name up in tf_seq2seq_migrate.runtime.seq2seq by hand
    table = tf.contrib.seq2seq.__dict__
    return cell_class(units), names, table


def patch(step):
    # TODO(tf-migrate): S2S903 monkey-patching tf.contrib.seq2seq.BasicDecoder cannot be converted; patch tf_seq2seq_migrate.runtime.seq2seq.BasicDecoder instead if it is still needed
    tf.contrib.seq2seq.BasicDecoder.step = step
    # TODO(tf-migrate): S2S903 monkey-patching tf.contrib.seq2seq.TrainingHelper cannot be converted; patch tf_seq2seq_migrate.runtime.seq2seq.TrainingHelper instead if it is still needed
    setattr(tf.contrib.seq2seq.TrainingHelper, "sample", step)
    net = slim.fully_connected(step, 4)
    net = contrib_layers.batch_norm(net)
    # TODO(tf-migrate): S2S904 tf.contrib.seq2seq.SomeFutureDecoder has no tf-migrate rule yet; rewritten to tf_seq2seq_migrate.runtime.seq2seq.SomeFutureDecoder by module, check that it exists there and behaves the same
    return seq2seq.SomeFutureDecoder, net
