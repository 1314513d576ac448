import tensorflow as tf


def encoder(inputs, is_training):
    h = tf.layers.conv1d(inputs, 32, 3, padding="same", activation=tf.nn.relu, name="conv")
    h = tf.layers.batch_normalization(h, training=is_training)
    h = tf.layers.dropout(h, rate=0.2, training=is_training)
    h = tf.layers.max_pooling1d(h, 2, 2)
    h = tf.layers.average_pooling1d(h, 2, 1, padding="same")
    flat = tf.layers.flatten(h)
    return tf.layers.dense(flat, 16, name="bottleneck")


def image_stack(images, volumes, is_training):
    conv = tf.layers.Conv2D(8, 3)(images)
    conv = tf.layers.conv2d(conv, 8, 3)
    conv = tf.layers.MaxPooling2D(2, 2)(conv)
    conv = tf.layers.max_pooling2d(conv, 2, 2)
    conv = tf.layers.AveragePooling2D(2, 2)(conv)
    conv = tf.layers.average_pooling2d(conv, 1, 1)
    cube = tf.layers.Conv3D(4, 2)(volumes)
    cube = tf.layers.conv3d(cube, 4, 1)
    cube = tf.layers.MaxPooling3D(1, 1)(cube)
    cube = tf.layers.max_pooling3d(cube, 1, 1)
    cube = tf.layers.AveragePooling3D(1, 1)(cube)
    cube = tf.layers.average_pooling3d(cube, 1, 1)
    seq = tf.layers.Conv1D(4, 2)(conv[:, 0])
    seq = tf.layers.MaxPooling1D(1, 1)(seq)
    seq = tf.layers.AveragePooling1D(1, 1)(seq)
    norm = tf.layers.BatchNormalization()
    drop = tf.layers.Dropout(0.5)
    flat = tf.layers.Flatten()(drop(norm(seq, training=is_training), training=is_training))
    return tf.layers.Dense(4)(flat), cube
