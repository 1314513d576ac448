"""Toy parallel corpus: 'translate' a digit sequence into its reversed spelled-out form.

source: "3 1 4"  ->  target: "four one three"
Small enough to learn in a few hundred steps on a CPU, structured enough to need attention.
"""
from __future__ import print_function

import numpy as np

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
PAD, GO, EOS = 0, 1, 2
SRC_VOCAB = ["<pad>", "<go>", "<eos>"] + [str(d) for d in range(10)]
TGT_VOCAB = ["<pad>", "<go>", "<eos>"] + WORDS
MAX_LEN = 8


def make_pair(rng):
    n = rng.randint(3, MAX_LEN + 1)
    digits = rng.randint(0, 10, size=n)
    return [d + 3 for d in digits], [d + 3 for d in digits[::-1]]


def batch(rng, batch_size):
    """Padded arrays: source ids, source lengths, decoder inputs, decoder targets, target lengths."""
    pairs = [make_pair(rng) for _ in range(batch_size)]
    src = np.zeros((batch_size, MAX_LEN), np.int32)
    dec_in = np.zeros((batch_size, MAX_LEN + 1), np.int32)
    dec_out = np.zeros((batch_size, MAX_LEN + 1), np.int32)
    src_len = np.zeros((batch_size,), np.int32)
    tgt_len = np.zeros((batch_size,), np.int32)
    for i, (s, t) in enumerate(pairs):
        src[i, :len(s)] = s
        src_len[i] = len(s)
        dec_in[i, 0] = GO
        dec_in[i, 1:len(t) + 1] = t
        dec_out[i, :len(t)] = t
        dec_out[i, len(t)] = EOS
        tgt_len[i] = len(t) + 1
    return src, src_len, dec_in, dec_out, tgt_len


def to_words(ids):
    out = []
    for i in ids:
        if i == EOS:
            break
        out.append(TGT_VOCAB[i] if 0 <= i < len(TGT_VOCAB) else "?")
    return " ".join(out)
