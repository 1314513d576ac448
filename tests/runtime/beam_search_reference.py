"""Independent numpy references for the beam-search tests.

Written from TF 1.15's documented semantics, hypothesis by hypothesis with plain Python loops and
explicit token lists (no parent pointers, no batched gathers), so that it shares no structure with
the vectorised runtime implementation it checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

F32_MIN = np.finfo(np.float32).min


def gather_tree_reference(step_ids, parent_ids, max_sequence_lengths, end_token):
    """TF1's gather_tree kernel, one (batch, beam) at a time."""
    max_time, batch_size, beam_width = step_ids.shape
    beams = np.full_like(step_ids, end_token)
    for b in range(batch_size):
        length = min(max_time, int(max_sequence_lengths[b]))
        for k in range(beam_width):
            if length <= 0:
                continue
            beams[length - 1, b, k] = step_ids[length - 1, b, k]
            parent = parent_ids[length - 1, b, k]
            for t in range(length - 2, -1, -1):
                if not 0 <= parent < beam_width:
                    raise ValueError(f"bad parent {parent}")
                beams[t, b, k] = step_ids[t, b, parent]
                parent = parent_ids[t, b, parent]
            ended = False
            for t in range(length):
                if ended:
                    beams[t, b, k] = end_token
                elif beams[t, b, k] == end_token:
                    ended = True
    return beams


def log_softmax(x):
    x = np.asarray(x, np.float32)
    shifted = x - x.max()
    return (shifted - np.log(np.exp(shifted).sum())).astype(np.float32)


def length_penalty(length, weight):
    if weight == 0.0:
        return np.float32(1.0)
    return np.float32(np.power(np.float32(5.0 + length), np.float32(weight))
                      / np.power(np.float32(6.0), np.float32(weight)))


@dataclass
class Hypothesis:
    tokens: list
    state: object
    log_prob: np.float32
    finished: bool
    length: int
    coverage: np.ndarray | None = None
    next_token: int = 0
    scores: list = field(default_factory=list)


def beam_search_reference(step_fn, initial_state, start_token, end_token, beam_width, vocab_size,
                          max_steps, length_penalty_weight=0.0, coverage_penalty_weight=0.0,
                          source_length=None, stop_when_finished=True):
    """Beam search for ONE batch entry, TF 1.15 rules.

    In a batch, decoding goes on until every entry has finished; pass that number of steps as
    ``max_steps`` with ``stop_when_finished=False`` to follow an entry that finished earlier.

    ``step_fn(token, state) -> (logits[vocab], new_state, alignments[source] or None)``.
    Returns ``(predicted_ids [T, beam], scores [T, beam], final_lengths [beam], final_log_probs [beam])``
    where ``predicted_ids`` is what ``FinalBeamSearchDecoderOutput.predicted_ids`` holds.
    """
    use_coverage = coverage_penalty_weight != 0.0
    hyps = [Hypothesis(tokens=[], state=initial_state, log_prob=np.float32(0.0 if k == 0 else -np.inf),
                       finished=k != 0, length=0,
                       coverage=np.zeros(source_length, np.float32) if use_coverage else None,
                       next_token=start_token)
            for k in range(beam_width)]
    step_scores = []
    for _ in range(max_steps):
        candidates = []  # (score, flat index, parent, token, total log prob, new state, coverage)
        for k, hyp in enumerate(hyps):
            logits, new_state, alignments = step_fn(hyp.next_token, hyp.state)
            step_log_probs = log_softmax(logits)
            if hyp.finished:
                step_log_probs = np.full(vocab_size, F32_MIN, np.float32)
                if 0 <= end_token < vocab_size:
                    step_log_probs[end_token] = 0.0
            coverage = None
            if use_coverage:
                coverage = hyp.coverage + (np.zeros_like(alignments) if hyp.finished else alignments)
                coverage = coverage.astype(np.float32)
            for v in range(vocab_size):
                total = np.float32(hyp.log_prob + step_log_probs[v])
                grows = (not hyp.finished) and v != end_token
                score = np.float32(total / length_penalty(hyp.length + int(grows), length_penalty_weight))
                if use_coverage and hyp.finished:
                    covered = np.where(coverage == 0.0, 1.0, coverage).astype(np.float32)
                    penalty = np.float32(np.log(np.minimum(covered, 1.0)).sum())
                    score = np.float32(score + np.float32(penalty * coverage_penalty_weight))
                candidates.append((score, k * vocab_size + v, k, v, total, new_state, coverage))
        # tf.math.top_k: larger first, equal values in order of their (lower first) index.
        candidates.sort(key=lambda c: (-c[0], c[1]))
        chosen = candidates[:beam_width]
        new_hyps = []
        for score, _, parent, token, total, new_state, coverage in chosen:
            old = hyps[parent]
            new_hyps.append(Hypothesis(tokens=old.tokens + [token], state=new_state, log_prob=total,
                                       finished=old.finished or token == end_token,
                                       length=old.length + int(not old.finished), coverage=coverage,
                                       next_token=token))
        hyps = new_hyps
        step_scores.append([c[0] for c in chosen])
        if stop_when_finished and all(h.finished for h in hyps):
            break

    steps = len(step_scores)
    max_length = min(steps, max(h.length for h in hyps))
    predicted = np.full((steps, beam_width), end_token, np.int64)
    for k, hyp in enumerate(hyps):
        ended = False
        for t in range(max_length):
            predicted[t, k] = end_token if ended else hyp.tokens[t]
            ended = ended or hyp.tokens[t] == end_token
    return (predicted, np.array(step_scores, np.float32), np.array([h.length for h in hyps]),
            np.array([h.log_prob for h in hyps], np.float32))


def batch_beam_search_reference(step_fns, initial_states, max_steps, **kwargs):
    """The reference for a whole batch: every entry runs as many steps as the longest one."""
    alone = [beam_search_reference(fn, state, max_steps=max_steps, **kwargs)
             for fn, state in zip(step_fns, initial_states)]
    steps = max(result[1].shape[0] for result in alone)
    return [beam_search_reference(fn, state, max_steps=steps, stop_when_finished=False, **kwargs)
            for fn, state in zip(step_fns, initial_states)]
