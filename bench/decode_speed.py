"""Decode speed of the runtime's seq2seq stack: greedy and beam search, in every execution mode.

    python bench/decode_speed.py [--quick] [--repeat 2] [--modes eager,function,xla,graph]
                                 [--kinds greedy,beam]

Model (NMT-sized): batch 64, a 2-layer LSTM 512 (``MultiRNNCell`` of ``LSTMCell``) wrapped in an
``AttentionWrapper`` with Bahdanau attention (512 units, attention layer 512) over a source of length
50, embeddings 512, vocabulary 16,000, a ``Dense`` output projection. Decoding runs 50 steps with an
end token that is never produced (``end_token=-1``, ``maximum_iterations=50``):

* greedy: ``BasicDecoder`` + ``GreedyEmbeddingHelper``;
* beam: ``BeamSearchDecoder`` with beam width 10 and length penalty 0.6.

Modes: eagerly, under ``tf.function``, under ``tf.function(jit_compile=True)`` (XLA), and as a TF1-style
``tf.compat.v1`` graph with a session (a fresh graph in this process). Each is run once to warm up
(tracing, compiling), then ``--repeat`` times; the best time counts.

Tokens per second: greedy counts ``batch x steps`` tokens; beam counts every hypothesis token,
``batch x beam x steps``. The roofline is the step's output-projection matmul alone
(``64x512 @ 512x16000`` for greedy, ``640x512 @ 512x16000`` for beam), timed under ``tf.function``; the
ratio is ``decode time / (steps x matmul time)``: 1.0 would mean that everything but the projection
were free.

The machine may be shared: each timed decode is paired with a roofline matmul timed right before it,
and the pair with the lowest ratio is reported, so a load change between measurements does not skew
the ratio; the process CPU time of that decode is printed beside its wall time.

``--floor`` also times, per kind, the arithmetic a step cannot avoid, each piece alone under
``tf.function`` on the step's real shapes: every matmul of the step (output projection, both LSTM layers
over ``concat([inputs, h])``, the attention layer, the Bahdanau query layer), the ``tanh`` over the
``[rows, source, units]`` attention energies and, for beam search, the ``exp`` of the log-softmax over
``[rows, vocab]``. Their sum as a ratio is the lowest ratio this machine could show for this model.

``--quick`` runs a tiny configuration (a smoke test; its numbers mean nothing).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tf_seq2seq_migrate.runtime import rnn, seq2seq  # noqa: E402
from tf_seq2seq_migrate.runtime.layers import Dense  # noqa: E402

MODES = ("eager", "function", "xla", "graph")
KINDS = ("greedy", "beam")


@dataclasses.dataclass(frozen=True)
class Config:
    batch: int = 64
    units: int = 512
    layers: int = 2
    source_length: int = 50
    vocab: int = 16000
    steps: int = 50
    beam_width: int = 10
    length_penalty: float = 0.6


QUICK = Config(batch=4, units=32, layers=2, source_length=7, vocab=100, steps=5, beam_width=3)


@dataclasses.dataclass(frozen=True)
class Timing:
    kind: str
    mode: str
    seconds: float
    cpu_seconds: float
    roofline_seconds: float  # the projection matmul, timed just before this decode
    tokens: int
    steps: int

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds

    @property
    def ratio(self) -> float:
        return self.seconds / (self.steps * self.roofline_seconds)


def _initializer(shape, dtype=None, partition_info=None):
    # Small uniform weights from a fixed seed; identical in every mode (values do not affect speed).
    rng = np.random.default_rng(abs(hash(tuple(shape))) % 2**32)
    return tf.constant(rng.uniform(-0.05, 0.05, size=tuple(shape)), dtype=dtype or tf.float32)


class Model:
    """The decoder-side layers and inputs; ``decode(kind)`` builds and runs one decode."""

    def __init__(self, config: Config):
        self.config = config
        rng = np.random.default_rng(0)
        c = config
        self.memory = tf.constant(rng.normal(size=(c.batch, c.source_length, c.units)).astype(np.float32))
        self.memory_lengths = tf.constant(rng.integers(c.source_length // 2, c.source_length + 1, c.batch)
                                          .astype(np.int32))
        self.embedding = tf.constant(rng.normal(scale=0.1, size=(c.vocab, c.units)).astype(np.float32))
        self.start_tokens = tf.zeros([c.batch], tf.int32)
        with tf.compat.v1.variable_scope("nmt", initializer=_initializer):
            self.cells = {kind: self._attention_cell(kind) for kind in KINDS}
            self.projection = Dense(c.vocab, use_bias=False, name="output_projection")

    def _attention_cell(self, kind):
        c = self.config
        multiplier = c.beam_width if kind == "beam" else 1
        memory, lengths = self.memory, self.memory_lengths
        if multiplier > 1:
            memory, lengths = seq2seq.tile_batch((memory, lengths), multiplier)
        with tf.compat.v1.variable_scope(kind):
            stack = rnn.MultiRNNCell([rnn.LSTMCell(c.units) for _ in range(c.layers)])
            mechanism = seq2seq.BahdanauAttention(c.units, memory, memory_sequence_length=lengths)
            return seq2seq.AttentionWrapper(stack, mechanism, attention_layer_size=c.units)

    def decode(self, kind):
        c = self.config
        cell = self.cells[kind]
        with tf.compat.v1.variable_scope("nmt", initializer=_initializer):
            if kind == "greedy":
                helper = seq2seq.GreedyEmbeddingHelper(self.embedding, self.start_tokens, end_token=-1)
                decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(c.batch, tf.float32),
                                               output_layer=self.projection)
                outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=c.steps, scope=kind)
                return outputs.sample_id
            decoder = seq2seq.BeamSearchDecoder(
                cell, self.embedding, self.start_tokens, -1, cell.zero_state(c.batch * c.beam_width, tf.float32),
                c.beam_width, output_layer=self.projection, length_penalty_weight=c.length_penalty)
            outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=c.steps, scope=kind)
            return outputs.predicted_ids

    def tokens(self, kind) -> int:
        c = self.config
        return c.batch * c.steps * (c.beam_width if kind == "beam" else 1)


def _best_time(run, repeat: int) -> float:
    run()  # warm-up: tracing, XLA compilation, first-call allocations
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


class Roofline:
    """The output-projection matmul alone, ``[rows, units] @ [units, vocab]``, ready to be timed."""

    def __init__(self, config: Config, rows: int):
        rng = np.random.default_rng(1)
        x = tf.constant(rng.normal(size=(rows, config.units)).astype(np.float32))
        w = tf.constant(rng.normal(size=(config.units, config.vocab)).astype(np.float32))
        self.rows = rows
        self._matmul = tf.function(lambda: tf.reduce_sum(tf.matmul(x, w)[:1, :1]), autograph=False)
        self._matmul()

    def seconds(self, runs: int = 3) -> float:
        return _best_time(lambda: self._matmul().numpy(), runs)


class StepFloor:
    """The arithmetic one decode step cannot avoid, each piece timed alone (see ``--floor``)."""

    def __init__(self, config: Config, kind: str):
        c = config
        rows = c.batch * (c.beam_width if kind == "beam" else 1)
        rng = np.random.default_rng(2)

        def normal(*shape):
            return tf.constant(rng.normal(size=shape).astype(np.float32))

        matmuls = {"projection": (c.units, c.vocab), "lstm layer 1": (3 * c.units, 4 * c.units),
                   "attention layer": (2 * c.units, c.units), "query layer": (c.units, c.units)}
        if c.layers > 1:
            matmuls["lstm layers 2+"] = (2 * c.units, 4 * c.units)
        self.pieces = {}
        for name, (depth, width) in matmuls.items():
            self.pieces[f"matmul {name} {rows}x{depth}@{depth}x{width}"] = (
                self._compiled(lambda x, w: tf.matmul(x, w), normal(rows, depth), normal(depth, width)),
                c.layers - 1 if name == "lstm layers 2+" else 1)
        self.pieces[f"tanh attention energies {rows}x{c.source_length}x{c.units}"] = (
            self._compiled(tf.tanh, normal(rows, c.source_length, c.units)), 1)
        if kind == "beam":
            self.pieces[f"exp log-softmax {rows}x{c.vocab}"] = (self._compiled(tf.exp, normal(rows, c.vocab)), 1)

    @staticmethod
    def _compiled(op, *args):
        # Reduce to a scalar inside the function so the timing excludes the copy of a large result.
        function = tf.function(lambda: tf.reduce_sum(op(*args)), autograph=False)
        function()
        return lambda: function().numpy()

    def seconds(self, repeat: int = 5) -> dict:
        return {name: _best_time(run, repeat) * times for name, (run, times) in self.pieces.items()}


def _timed(kind, mode, run, repeat, roofline, model_tokens, steps) -> Timing:
    run()  # warm-up: tracing, XLA compilation, first-call allocations
    best = None
    for _ in range(repeat):
        matmul = roofline.seconds()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        timing = Timing(kind, mode, time.perf_counter() - wall, time.process_time() - cpu, matmul, model_tokens,
                        steps)
        if best is None or timing.ratio < best.ratio:
            best = timing
    return best


def _check_shape(ids, model, kind):
    c = model.config
    expected = (c.batch, c.steps, c.beam_width) if kind == "beam" else (c.batch, c.steps)
    if tuple(np.shape(ids)) != expected:
        raise RuntimeError(f"{kind} decode returned shape {np.shape(ids)}, expected {expected}")


def time_eager_modes(config: Config, kinds, modes, repeat: int, rooflines) -> list[Timing]:
    model = Model(config)
    timings = []
    for kind in kinds:
        _check_shape(model.decode(kind), model, kind)  # builds every layer outside tf.function
        runners = {"eager": lambda k=kind: model.decode(k).numpy(),
                   "function": _compiled(model, kind, jit=False),
                   "xla": _compiled(model, kind, jit=True)}
        for mode in modes:
            if mode in runners:
                timings.append(_timed(kind, mode, runners[mode], repeat, rooflines[kind], model.tokens(kind),
                                      config.steps))
    return timings


def _compiled(model, kind, jit):
    # autograph=False: the runtime builds its loops with tf.while_loop itself; nothing to convert.
    function = tf.function(lambda: model.decode(kind), jit_compile=jit, autograph=False)

    def run():
        ids = function().numpy()
        _check_shape(ids, model, kind)
    return run


def time_graph_mode(config: Config, kinds, repeat: int, rooflines) -> list[Timing]:
    timings = []
    for kind in kinds:
        graph = tf.Graph()
        with graph.as_default():
            model = Model(config)
            ids = model.decode(kind)
            initialize = tf.compat.v1.global_variables_initializer()
        # Not `with session:` (that would make the graph the default again): the eager roofline
        # matmul runs between the timed session runs.
        session = tf.compat.v1.Session(graph=graph)
        try:
            session.run(initialize)
            timings.append(_timed(kind, "graph", lambda: _check_shape(session.run(ids), model, kind), repeat,
                                  rooflines[kind], model.tokens(kind), config.steps))
        finally:
            session.close()
    return timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny configuration (smoke test)")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per mode after one warm-up")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--floor", action="store_true", help="also time the arithmetic a step cannot avoid")
    args = parser.parse_args(argv)
    config = QUICK if args.quick else Config()
    modes = [m for m in args.modes.split(",") if m]
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = sorted(set(modes) - set(MODES)) + sorted(set(kinds) - set(KINDS))
    if unknown:
        parser.error(f"unknown mode or kind: {', '.join(unknown)}")

    print(f"TensorFlow {tf.__version__}, {os.cpu_count()} CPU cores; config: {config}")
    rows = {"greedy": config.batch, "beam": config.batch * config.beam_width}
    rooflines = {kind: Roofline(config, rows[kind]) for kind in kinds}
    timings = time_eager_modes(config, kinds, modes, args.repeat, rooflines)
    if "graph" in modes:
        timings += time_graph_mode(config, kinds, args.repeat, rooflines)

    print(f"{'kind':<7} {'mode':<9} {'seconds':>8} {'tokens/s':>10} {'ratio':>6} {'cpu_s':>7} {'matmul_ms':>9}")
    for t in timings:
        print(f"{t.kind:<7} {t.mode:<9} {t.seconds:8.3f} {t.tokens_per_second:10.0f} {t.ratio:6.2f} "
              f"{t.cpu_seconds:7.2f} {t.roofline_seconds * 1e3:9.2f}")
    for kind in kinds:
        print(f"roofline {kind}: {rows[kind]}x{config.units} @ {config.units}x{config.vocab} matmul, "
              f"ratio = decode seconds / ({config.steps} x matmul_ms)")
    if args.floor:
        for kind in kinds:
            projection = rooflines[kind].seconds()
            pieces = StepFloor(config, kind).seconds()
            print(f"floor {kind}: each piece alone, ms per step (ratio to the projection matmul, "
                  f"{projection * 1e3:.2f} ms)")
            for name, seconds in pieces.items():
                print(f"  {name:<48} {seconds * 1e3:8.2f}  {seconds / projection:5.2f}")
            matmul_only = sum(s for n, s in pieces.items() if n.startswith("matmul"))
            print(f"  {'matmuls only':<48} {matmul_only * 1e3:8.2f}  {matmul_only / projection:5.2f}")
            print(f"  {'all pieces (the lowest reachable ratio)':<48} {sum(pieces.values()) * 1e3:8.2f}  "
                  f"{sum(pieces.values()) / projection:5.2f}")
    if hasattr(os, "getloadavg"):
        print("load average at the end: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
