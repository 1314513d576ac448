"""tf.contrib.seq2seq's losses."""
import tensorflow as tf
from tensorflow.contrib.seq2seq import SequenceLoss


def losses(logits, targets, weights):
    per_batch = tf.contrib.seq2seq.sequence_loss(logits, targets, weights, average_across_timesteps=False)
    total = SequenceLoss(average_across_timesteps=False, average_across_batch=False, sum_over_timesteps=True,
                         sum_over_batch=True)(targets, logits, weights)
    return per_batch, total
