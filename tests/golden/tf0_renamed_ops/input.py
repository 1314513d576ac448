"""TF 0.12 preprocessing and bookkeeping ops that TF 1.0 renamed."""
import tensorflow as tf


def preprocess(image, spectrum, all_ids, dropped_ids):
    image = tf.image.per_image_whitening(image)
    magnitude = tf.complex_abs(spectrum)
    kept, idx = tf.listdiff(all_ids, dropped_ids)
    kept64, idx64 = tf.listdiff(all_ids, dropped_ids, out_idx=tf.int64)
    return image, magnitude, kept, idx, kept64, idx64
