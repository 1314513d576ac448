import tensorflow as tf   # TF 1.15


class Decoder(object):
	"""Tabs for indentation."""

	def __init__(self, cell):
		self.cell = cell  # keep

	def run(self, helper, state):
		# build the decoder
		d = tf.contrib.seq2seq.BasicDecoder(   self.cell,
			helper,   state )  # odd spacing kept
		return tf.contrib.seq2seq.dynamic_decode( d )
