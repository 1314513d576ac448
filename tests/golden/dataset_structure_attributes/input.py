"""TF1 dataset/iterator structure attributes, gone from TF 2 datasets: reads are rewritten, assignments and
a class's own attributes are not."""
import tensorflow as tf


class Pipeline(object):
    def __init__(self, dataset):
        self.output_types = dataset.output_types  # the class's own attribute stays, the dataset's read goes
        self.shapes = (dataset.output_shapes)

    def describe(self):
        return self.output_types


def reinitializable_iterator(train, valid):
    iterator = tf.data.Iterator.from_structure(train.output_types,
                                               train.output_shapes)
    pipeline = Pipeline(valid)
    pipeline.output_types = None
    return iterator, iterator.output_classes, pipeline.describe()
