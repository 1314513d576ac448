import tensorflow as tf


def features(x, y, images, boxes, box_ind):
    expanded = tf.expand_dims(x, axis=1)
    normalized = tf.nn.l2_normalize(x, axis=-1)
    norm = tf.norm(x, keepdims=True)
    crops = tf.image.crop_and_resize(images, boxes, box_indices=box_ind, crop_size=[4, 4])
    xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x, axis=-1)
    tensor = tf.convert_to_tensor(x, dtype_hint=tf.float32)
    return expanded, normalized, norm, crops, xent, tensor


def branches(pred, a, b):
    return tf.cond(pred, true_fn=lambda: a, false_fn=lambda: b)
