"""TF 0.12 preprocessing and bookkeeping ops that TF 1.0 renamed."""
import tensorflow as tf


def preprocess(image, spectrum, all_ids, dropped_ids):
    image = tf.image.per_image_standardization(image)
    magnitude = tf.abs(spectrum)
    kept, idx = tf.compat.v1.setdiff1d(all_ids, dropped_ids)
    kept64, idx64 = tf.compat.v1.setdiff1d(all_ids, dropped_ids, index_dtype=tf.int64)
    return image, magnitude, kept, idx, kept64, idx64
