"""tile_batch inside nest.map_structure(lambda ...), the usual beam-search preparation."""
import tensorflow as tf
from tensorflow import nest
from tf_seq2seq_migrate.runtime import seq2seq


def tile_for_beam_search(encoder_outputs, encoder_state, lengths, beam_width):
    memory = seq2seq.tile_batch(encoder_outputs, multiplier=beam_width)
    state = nest.map_structure(lambda s: seq2seq.tile_batch(s, beam_width), encoder_state)
    lengths = seq2seq.tile_batch(lengths, multiplier=beam_width)
    return memory, state, lengths
