"""Embedding visualisation as TF1 projects wrote it (pointer-generator's model.py does the same)."""
import os

import tensorflow as tf
from tensorflow.contrib.tensorboard.plugins import projector


def add_embedding_visualisation(embedding_var, log_dir, vocab_metadata_path):
    summary_writer = tf.summary.FileWriter(log_dir)
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = embedding_var.name
    embedding.metadata_path = vocab_metadata_path
    projector.visualize_embeddings(summary_writer, config)


def spelled_out(log_dir):
    config = tf.contrib.tensorboard.plugins.projector.ProjectorConfig()
    tf.contrib.tensorboard.plugins.projector.visualize_embeddings(tf.summary.FileWriter(log_dir), config)
    return os.path.join(log_dir, "projector_config.pbtxt")
