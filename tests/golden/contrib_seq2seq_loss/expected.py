"""tf.contrib.seq2seq's losses."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime.seq2seq import SequenceLoss
from tf_seq2seq_migrate.runtime import seq2seq


def losses(logits, targets, weights):
    per_batch = seq2seq.sequence_loss(logits, targets, weights, average_across_timesteps=False)
    total = SequenceLoss(average_across_timesteps=False, average_across_batch=False, sum_over_timesteps=True,
                         sum_over_batch=True)(targets, logits, weights)
    return per_batch, total
