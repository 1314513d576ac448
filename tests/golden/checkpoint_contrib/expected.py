"""tf.contrib.checkpoint: containers, dependencies, inspection and checkpoint management."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import checkpoint


class Vocabulary(checkpoint.Checkpointable):
    def __init__(self):
        self.tables = checkpoint.Mapping()
        self.layers = checkpoint.List()
        self.cache = checkpoint.NoDependency({})
        self.counts = checkpoint.NumpyState()
        self.names = checkpoint.UniqueNameTracker()


class Counter(checkpoint.CheckpointableBase):
    pass


class RandomState(checkpoint.PythonStateWrapper):
    pass


def manage(ckpt, directory):
    return tf.train.CheckpointManager(ckpt, directory, max_to_keep=3)


def inspect(root, save_path):
    graph = checkpoint.CheckpointableObjectGraph()
    graph.ParseFromString(checkpoint.object_metadata(save_path).SerializeToString())
    dot = checkpoint.dot_graph_from_checkpoint(save_path)
    return graph, dot, checkpoint.list_objects(root)


def dependencies(template, names, dtypes, fill, consume):
    with checkpoint.capture_dependencies(template=template):
        template()
    return checkpoint.split_dependency(names, dtypes, fill, consume)


def through_the_module():
    return checkpoint.NumpyState()
