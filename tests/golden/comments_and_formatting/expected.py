import tensorflow as tf   # TF 1.15
from tf_seq2seq_migrate.runtime import seq2seq


class Decoder(object):
	"""Tabs for indentation."""

	def __init__(self, cell):
		self.cell = cell  # keep

	def run(self, helper, state):
		# build the decoder
		d = seq2seq.BasicDecoder(   self.cell,
			helper,   state )  # odd spacing kept
		return seq2seq.dynamic_decode( d )
