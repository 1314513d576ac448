import tensorflow as tf
from tf_seq2seq_migrate.runtime import layers


def encoder(inputs, is_training):
    h = layers.conv1d(inputs, 32, 3, padding="same", activation=tf.nn.relu, name="conv")
    h = layers.batch_normalization(h, training=is_training)
    h = layers.dropout(h, rate=0.2, training=is_training)
    h = layers.max_pooling1d(h, 2, 2)
    h = layers.average_pooling1d(h, 2, 1, padding="same")
    flat = layers.flatten(h)
    return layers.dense(flat, 16, name="bottleneck")


def image_stack(images, volumes, is_training):
    conv = layers.Conv2D(8, 3)(images)
    conv = layers.conv2d(conv, 8, 3)
    conv = layers.MaxPooling2D(2, 2)(conv)
    conv = layers.max_pooling2d(conv, 2, 2)
    conv = layers.AveragePooling2D(2, 2)(conv)
    conv = layers.average_pooling2d(conv, 1, 1)
    cube = layers.Conv3D(4, 2)(volumes)
    cube = layers.conv3d(cube, 4, 1)
    cube = layers.MaxPooling3D(1, 1)(cube)
    cube = layers.max_pooling3d(cube, 1, 1)
    cube = layers.AveragePooling3D(1, 1)(cube)
    cube = layers.average_pooling3d(cube, 1, 1)
    seq = layers.Conv1D(4, 2)(conv[:, 0])
    seq = layers.MaxPooling1D(1, 1)(seq)
    seq = layers.AveragePooling1D(1, 1)(seq)
    norm = layers.BatchNormalization()
    drop = layers.Dropout(0.5)
    flat = layers.Flatten()(drop(norm(seq, training=is_training), training=is_training))
    return layers.Dense(4)(flat), cube
