"""The rewrite engine: discovery, prefilter, parsing, name resolution, the rewrite pass, the runner.

Never imports TensorFlow.
"""
