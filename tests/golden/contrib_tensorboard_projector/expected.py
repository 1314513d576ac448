"""Embedding visualisation as TF1 projects wrote it (pointer-generator's model.py does the same)."""
import os

import tensorflow as tf
# TODO(tf-migrate): S2S257 tf.contrib.tensorboard.plugins.projector: the embedding projector lives in the tensorboard package now (pip install tensorboard; TF 2.21 no longer depends on it): `from tensorboard.plugins import projector` has ProjectorConfig, EmbeddingInfo, SpriteMetadata and visualize_embeddings, which takes the log directory (a tf.compat.v1.summary.FileWriter is still accepted)
from tensorflow.contrib.tensorboard.plugins import projector


def add_embedding_visualisation(embedding_var, log_dir, vocab_metadata_path):
    summary_writer = tf.compat.v1.summary.FileWriter(log_dir)
    # TODO(tf-migrate): S2S257 tf.contrib.tensorboard.plugins.projector.ProjectorConfig: the embedding projector lives in the tensorboard package now (pip install tensorboard; TF 2.21 no longer depends on it): `from tensorboard.plugins import projector` has ProjectorConfig, EmbeddingInfo, SpriteMetadata and visualize_embeddings, which takes the log directory (a tf.compat.v1.summary.FileWriter is still accepted)
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = embedding_var.name
    embedding.metadata_path = vocab_metadata_path
    # TODO(tf-migrate): S2S257 tf.contrib.tensorboard.plugins.projector.visualize_embeddings: the embedding projector lives in the tensorboard package now (pip install tensorboard; TF 2.21 no longer depends on it): `from tensorboard.plugins import projector` has ProjectorConfig, EmbeddingInfo, SpriteMetadata and visualize_embeddings, which takes the log directory (a tf.compat.v1.summary.FileWriter is still accepted)
    projector.visualize_embeddings(summary_writer, config)


def spelled_out(log_dir):
    # TODO(tf-migrate): S2S257 tf.contrib.tensorboard.plugins.projector.ProjectorConfig: the embedding projector lives in the tensorboard package now (pip install tensorboard; TF 2.21 no longer depends on it): `from tensorboard.plugins import projector` has ProjectorConfig, EmbeddingInfo, SpriteMetadata and visualize_embeddings, which takes the log directory (a tf.compat.v1.summary.FileWriter is still accepted)
    config = tf.contrib.tensorboard.plugins.projector.ProjectorConfig()
    # TODO(tf-migrate): S2S257 tf.contrib.tensorboard.plugins.projector.visualize_embeddings: the embedding projector lives in the tensorboard package now (pip install tensorboard; TF 2.21 no longer depends on it): `from tensorboard.plugins import projector` has ProjectorConfig, EmbeddingInfo, SpriteMetadata and visualize_embeddings, which takes the log directory (a tf.compat.v1.summary.FileWriter is still accepted)
    tf.contrib.tensorboard.plugins.projector.visualize_embeddings(tf.compat.v1.summary.FileWriter(log_dir), config)
    return os.path.join(log_dir, "projector_config.pbtxt")
