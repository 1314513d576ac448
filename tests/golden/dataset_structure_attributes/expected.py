"""TF1 dataset/iterator structure attributes, gone from TF 2 datasets: reads are rewritten, assignments and
a class's own attributes are not."""
import tensorflow as tf


class Pipeline(object):
    def __init__(self, dataset):
        self.output_types = tf.compat.v1.data.get_output_types(dataset)  # the class's own attribute stays, the dataset's read goes
        self.shapes = (tf.compat.v1.data.get_output_shapes(dataset))

    def describe(self):
        return self.output_types


def reinitializable_iterator(train, valid):
    iterator = tf.compat.v1.data.Iterator.from_structure(tf.compat.v1.data.get_output_types(train),
                                                         tf.compat.v1.data.get_output_shapes(train))
    pipeline = Pipeline(valid)
    pipeline.output_types = None
    return iterator, tf.compat.v1.data.get_output_classes(iterator), pipeline.describe()
