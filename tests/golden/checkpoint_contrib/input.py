"""tf.contrib.checkpoint: containers, dependencies, inspection and checkpoint management."""
import tensorflow as tf
from tensorflow.contrib import checkpoint


class Vocabulary(tf.contrib.checkpoint.Checkpointable):
    def __init__(self):
        self.tables = tf.contrib.checkpoint.Mapping()
        self.layers = tf.contrib.checkpoint.List()
        self.cache = tf.contrib.checkpoint.NoDependency({})
        self.counts = tf.contrib.checkpoint.NumpyState()
        self.names = tf.contrib.checkpoint.UniqueNameTracker()


class Counter(tf.contrib.checkpoint.CheckpointableBase):
    pass


class RandomState(tf.contrib.checkpoint.PythonStateWrapper):
    pass


def manage(ckpt, directory):
    return tf.contrib.checkpoint.CheckpointManager(ckpt, directory, max_to_keep=3)


def inspect(root, save_path):
    graph = tf.contrib.checkpoint.CheckpointableObjectGraph()
    graph.ParseFromString(tf.contrib.checkpoint.object_metadata(save_path).SerializeToString())
    dot = tf.contrib.checkpoint.dot_graph_from_checkpoint(save_path)
    return graph, dot, tf.contrib.checkpoint.list_objects(root)


def dependencies(template, names, dtypes, fill, consume):
    with tf.contrib.checkpoint.capture_dependencies(template=template):
        template()
    return tf.contrib.checkpoint.split_dependency(names, dtypes, fill, consume)


def through_the_module():
    return checkpoint.NumpyState()
