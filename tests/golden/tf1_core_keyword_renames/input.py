import tensorflow as tf


def features(x, y, images, boxes, box_ind):
    expanded = tf.expand_dims(x, dim=1)
    normalized = tf.nn.l2_normalize(x, dim=-1)
    norm = tf.norm(x, keep_dims=True)
    crops = tf.image.crop_and_resize(images, boxes, box_ind=box_ind, crop_size=[4, 4])
    xent = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x, dim=-1)
    tensor = tf.convert_to_tensor(x, preferred_dtype=tf.float32)
    return expanded, normalized, norm, crops, xent, tensor


def branches(pred, a, b):
    return tf.cond(pred, fn1=lambda: a, fn2=lambda: b)
