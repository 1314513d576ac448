"""TF 1.15's ``tf.contrib.legacy_seq2seq`` (``legacy_seq2seq/python/ops/seq2seq.py``) on TF2 + Keras 3.

Every function keeps TF 1.15's name, signature, defaults, variable scopes and variable names, so a
TF1 checkpoint restores by name into a migrated graph. The models are unrolled in Python over lists
of per-step tensors, exactly like the originals (static unrolling; no while loops).

Variable names (TF 1.15) for ``embedding_attention_seq2seq`` with a GRU cell, for example::

    embedding_attention_seq2seq/rnn/embedding_wrapper/embedding
    embedding_attention_seq2seq/rnn/embedding_wrapper/gru_cell/{gates,candidate}/{kernel,bias}
    embedding_attention_seq2seq/embedding_attention_decoder/embedding
    embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder/AttnW_0, AttnV_0
    .../attention_decoder/{kernel,bias}                        (input merge: [input, attns] -> input_size)
    .../attention_decoder/output_projection_wrapper/gru_cell/...  and .../output_projection_wrapper/{kernel,bias}
    .../attention_decoder/Attention_0/{kernel,bias}            (query projection)
    .../attention_decoder/AttnOutputProjection/{kernel,bias}

Outside a v1 graph the functions' own weights live in a
:class:`~tf_seq2seq_migrate.runtime.legacy_seq2seq.variables.LegacyVariableStore`; cells keep theirs.
"""

from __future__ import annotations

import inspect

import tensorflow as tf

from tf_seq2seq_migrate.runtime import rnn as rnn_lib
from tf_seq2seq_migrate.runtime.rnn import core_rnn_cell
from tf_seq2seq_migrate.runtime.legacy_seq2seq.cell_copy import copy_cell
from tf_seq2seq_migrate.runtime.legacy_seq2seq.linear import linear
from tf_seq2seq_migrate.runtime.legacy_seq2seq.variables import derived_cell, get_variable

__all__ = [
    "attention_decoder",
    "basic_rnn_seq2seq",
    "embedding_attention_decoder",
    "embedding_attention_seq2seq",
    "embedding_rnn_decoder",
    "embedding_rnn_seq2seq",
    "embedding_tied_rnn_seq2seq",
    "model_with_buckets",
    "one2many_rnn_seq2seq",
    "rnn_decoder",
    "sequence_loss",
    "sequence_loss_by_example",
    "tied_rnn_seq2seq",
]

_variable_scope = tf.compat.v1.variable_scope
_current_scope = tf.compat.v1.get_variable_scope


def _embedding_encoder_cell(cell, num_symbols, embedding_size, copy_first):
    """``EmbeddingWrapper`` around ``cell`` (a deep copy of it when ``copy_first``), once per scope eagerly."""
    def build():
        return core_rnn_cell.EmbeddingWrapper(copy_cell(cell) if copy_first else cell, embedding_classes=num_symbols,
                                        embedding_size=embedding_size)
    return derived_cell(f"embedding_encoder_{num_symbols}_{embedding_size}_{copy_first}", cell, build)


def _projected_cell(cell, num_symbols):
    """``OutputProjectionWrapper(cell, num_symbols)``, once per scope eagerly."""
    return derived_cell(f"output_projection_{num_symbols}", cell,
                        lambda: core_rnn_cell.OutputProjectionWrapper(cell, num_symbols))


def _flatten_state(state):
    return tf.nest.flatten(state) if tf.nest.is_nested(state) else [state]


def _split_outputs_and_state(outputs_and_state, num_outputs, state_structure):
    """Undo ``outputs + flatten(state)``, the flat list that the feed_previous ``tf.cond`` returns."""
    outputs = list(outputs_and_state[:num_outputs])
    state_list = list(outputs_and_state[num_outputs:])
    state = state_list[0]
    if tf.nest.is_nested(state_structure):
        state = tf.nest.pack_sequence_as(structure=state_structure, flat_sequence=state_list)
    return outputs, state


def _check_output_projection(output_projection, num_symbols, dtype):
    weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
    weights.shape.assert_is_compatible_with([None, num_symbols])
    biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
    biases.shape.assert_is_compatible_with([num_symbols])


def _extract_argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """A loop_function feeding back ``embedding[argmax(prev @ W + B)]`` (greedy decoding)."""

    def loop_function(prev, _):
        if output_projection is not None:
            prev = tf.compat.v1.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        prev_symbol = tf.argmax(prev, 1)
        # embedding_lookup does not propagate gradients through the ids.
        emb_prev = tf.nn.embedding_lookup(embedding, prev_symbol)
        if not update_embedding:
            emb_prev = tf.stop_gradient(emb_prev)
        return emb_prev

    return loop_function


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """RNN decoder over a list of ``[batch, input_size]`` inputs; returns ``(outputs, state)``.

    With ``loop_function``, input ``i > 0`` is ``loop_function(output[i-1], i)`` instead of
    ``decoder_inputs[i]`` (only the first, "GO", input is used).
    """
    cell = rnn_lib.as_rnn_cell(cell)
    with _variable_scope(scope or "rnn_decoder"):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with _variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                _current_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=tf.float32, scope=None):
    """Encode with a copy of ``cell`` (own weights), decode from the final encoder state."""
    with _variable_scope(scope or "basic_rnn_seq2seq"):
        enc_cell = derived_cell("encoder", cell, lambda: copy_cell(cell))
        _, enc_state = rnn_lib.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None, dtype=tf.float32, scope=None):
    """Encoder and decoder share one cell and its weights (both run in the same scope)."""
    with _variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = rnn_lib.static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        _current_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function, scope=scope)


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size,
                          output_projection=None, feed_previous=False, update_embedding_for_previous=True,
                          scope=None):
    """rnn_decoder over embedded int32 symbols, optionally feeding back its own greedy choices."""
    with _variable_scope(scope or "embedding_rnn_decoder") as scope:
        if output_projection is not None:
            _check_output_projection(output_projection, num_symbols, scope.dtype)

        embedding = get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (_extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
                         if feed_previous else None)
        # A generator, as in TF1: each lookup is built when rnn_decoder reaches its step.
        emb_inp = (tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs)
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None, feed_previous=False, dtype=None, scope=None):
    """Embedding encoder (``EmbeddingWrapper`` over a copy of ``cell``) + embedding_rnn_decoder.

    ``feed_previous`` may be a Python bool or a scalar bool tensor; for a tensor both decoders are
    built (sharing weights) and ``tf.cond`` picks one at run time.
    """
    with _variable_scope(scope or "embedding_rnn_seq2seq") as scope:
        if dtype is not None:
            scope.set_dtype(dtype)
        else:
            dtype = scope.dtype

        encoder_cell = _embedding_encoder_cell(cell, num_encoder_symbols, embedding_size, copy_first=True)
        _, encoder_state = rnn_lib.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)

        if output_projection is None:
            cell = _projected_cell(cell, num_decoder_symbols)

        if isinstance(feed_previous, bool):
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell, num_decoder_symbols,
                                         embedding_size, output_projection=output_projection,
                                         feed_previous=feed_previous)

        def decoder(feed_previous_bool):
            reuse = None if feed_previous_bool else True
            with _variable_scope(_current_scope(), reuse=reuse):
                outputs, state = embedding_rnn_decoder(
                    decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                    output_projection=output_projection, feed_previous=feed_previous_bool,
                    update_embedding_for_previous=False)
                return outputs + _flatten_state(state)

        outputs_and_state = tf.cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        return _split_outputs_and_state(outputs_and_state, len(decoder_inputs), encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_symbols, embedding_size,
                               num_decoder_symbols=None, output_projection=None, feed_previous=False,
                               dtype=None, scope=None):
    """tied_rnn_seq2seq over inputs embedded with one shared ``embedding``."""
    with _variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype

        if output_projection is not None:
            _check_output_projection(output_projection, num_symbols, dtype)

        embedding = get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)

        emb_encoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in decoder_inputs]

        output_symbols = num_symbols if num_decoder_symbols is None else num_decoder_symbols
        if output_projection is None:
            cell = _projected_cell(cell, output_symbols)

        if isinstance(feed_previous, bool):
            loop_function = (_extract_argmax_and_embed(embedding, output_projection, True)
                             if feed_previous else None)
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell, loop_function=loop_function,
                                    dtype=dtype)

        def decoder(feed_previous_bool):
            loop_function = (_extract_argmax_and_embed(embedding, output_projection, False)
                             if feed_previous_bool else None)
            reuse = None if feed_previous_bool else True
            with _variable_scope(_current_scope(), reuse=reuse):
                outputs, state = tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell,
                                                  loop_function=loop_function, dtype=dtype)
                return outputs + _flatten_state(state)

        outputs_and_state = tf.cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        # The zero state only tells the state's structure (TF1 computes it the same way).
        batch_size = tf.TensorShape([None])
        for inp in encoder_inputs:
            batch_size = batch_size.merge_with(tf.convert_to_tensor(inp).shape[:1])
        batch_size = tf.compat.dimension_value(batch_size[0])
        if batch_size is None:
            batch_size = tf.shape(encoder_inputs[0])[0]
        zero_state = rnn_lib.as_rnn_cell(cell).zero_state(batch_size, dtype)
        return _split_outputs_and_state(outputs_and_state, len(decoder_inputs), zero_state)


def attention_decoder(decoder_inputs, initial_state, attention_states, cell, output_size=None, num_heads=1,
                      loop_function=None, dtype=None, scope=None, initial_state_attention=False):
    """RNN decoder with ``num_heads`` additive attention reads over ``attention_states`` (TF 1.15).

    Per step ``i``: ``x = linear([input_i] + attns)``; ``cell_output, state = cell(x, state)``;
    for each head ``a``: ``s = sum(V_a * tanh(W_a * hidden + linear(state)))``, ``attn_a =
    sum(softmax(s) * hidden)``; ``output = linear([cell_output] + attns)``. Initial attentions are
    zeros, or read from ``initial_state`` when ``initial_state_attention``.
    """
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    attention_states = tf.convert_to_tensor(attention_states)
    if tf.compat.dimension_value(attention_states.shape[2]) is None:
        raise ValueError(f"Shape[2] of attention_states must be known: {attention_states.shape}")
    cell = rnn_lib.as_rnn_cell(cell)
    if output_size is None:
        output_size = cell.output_size

    with _variable_scope(scope or "attention_decoder", dtype=dtype) as scope:
        dtype = scope.dtype

        batch_size = tf.shape(decoder_inputs[0])[0]
        attn_length = tf.compat.dimension_value(attention_states.shape[1])
        if attn_length is None:
            attn_length = tf.shape(attention_states)[1]
        attn_size = tf.compat.dimension_value(attention_states.shape[2])

        # W_a * h_t for every position at once, as a 1x1 convolution (TF1's layout of AttnW_a).
        hidden = tf.reshape(attention_states, [-1, attn_length, 1, attn_size])
        hidden_features = []
        v = []
        attention_vec_size = attn_size
        for head in range(num_heads):
            k = get_variable(f"AttnW_{head}", [1, 1, attn_size, attention_vec_size], dtype=dtype)
            hidden_features.append(tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME"))
            v.append(get_variable(f"AttnV_{head}", [attention_vec_size], dtype=dtype))

        state = initial_state

        def attention(query):
            """One read per head of ``hidden``, weighted by softmax(V^T tanh(W h + U query))."""
            reads = []
            if tf.nest.is_nested(query):
                query_list = [tf.convert_to_tensor(q) for q in tf.nest.flatten(query)]
                for q in query_list:
                    ndims = q.shape.rank
                    if ndims:
                        assert ndims == 2
                query = tf.concat(query_list, 1)
            for head in range(num_heads):
                with _variable_scope(f"Attention_{head}"):
                    y = linear(query, attention_vec_size, True)
                    y = tf.reshape(y, [-1, 1, 1, attention_vec_size])
                    y = tf.cast(y, dtype)
                    scores = tf.reduce_sum(v[head] * tf.tanh(hidden_features[head] + y), [2, 3])
                    weights = tf.cast(tf.nn.softmax(tf.cast(scores, dtype=tf.float32)), dtype)
                    read = tf.reduce_sum(tf.reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
                    reads.append(tf.reshape(read, [-1, attn_size]))
            return reads

        outputs = []
        prev = None
        batch_attn_size = tf.stack([batch_size, attn_size])
        attns = [tf.zeros(batch_attn_size, dtype=dtype) for _ in range(num_heads)]
        for attn in attns:
            attn.set_shape([None, attn_size])
        if initial_state_attention:
            attns = attention(initial_state)
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                _current_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with _variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            inp = tf.convert_to_tensor(inp)
            input_size = tf.compat.dimension_value(inp.shape.with_rank(2)[1])
            if input_size is None:
                raise ValueError(f"Could not infer input size from input: {getattr(inp, 'name', inp)}")

            inputs = [tf.cast(e, dtype) for e in [inp] + attns]
            x = linear(inputs, input_size, True)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with _variable_scope(_current_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)

            with _variable_scope("AttnOutputProjection"):
                cell_output = tf.cast(cell_output, dtype)
                output = linear([cell_output] + attns, output_size, True)
            if loop_function is not None:
                prev = output
            outputs.append(output)

    return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state, attention_states, cell, num_symbols,
                                embedding_size, num_heads=1, output_size=None, output_projection=None,
                                feed_previous=False, update_embedding_for_previous=True, dtype=None, scope=None,
                                initial_state_attention=False):
    """attention_decoder over embedded int32 symbols, optionally feeding back its greedy choices."""
    if output_size is None:
        output_size = rnn_lib.as_rnn_cell(cell).output_size
    if output_projection is not None:
        proj_biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
        proj_biases.shape.assert_is_compatible_with([num_symbols])

    with _variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (_extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
                         if feed_previous else None)
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell, output_size=output_size,
                                 num_heads=num_heads, loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                                embedding_size, num_heads=1, output_projection=None, feed_previous=False,
                                dtype=None, scope=None, initial_state_attention=False):
    """Embedding encoder whose per-step outputs the embedding_attention_decoder attends to."""
    with _variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        encoder_cell = _embedding_encoder_cell(cell, num_encoder_symbols, embedding_size, copy_first=True)
        encoder_outputs, encoder_state = rnn_lib.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)

        cell_output_size = rnn_lib.as_rnn_cell(cell).output_size
        top_states = [tf.reshape(e, [-1, 1, cell_output_size]) for e in encoder_outputs]
        attention_states = tf.concat(top_states, 1)

        output_size = None
        if output_projection is None:
            cell = _projected_cell(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        if isinstance(feed_previous, bool):
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                feed_previous=feed_previous, initial_state_attention=initial_state_attention)

        def decoder(feed_previous_bool):
            reuse = None if feed_previous_bool else True
            with _variable_scope(_current_scope(), reuse=reuse):
                outputs, state = embedding_attention_decoder(
                    decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                    num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                    feed_previous=feed_previous_bool, update_embedding_for_previous=False,
                    initial_state_attention=initial_state_attention)
                return outputs + _flatten_state(state)

        outputs_and_state = tf.cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        return _split_outputs_and_state(outputs_and_state, len(decoder_inputs), encoder_state)


def _is_rnn_cell(cell) -> bool:
    if isinstance(cell, rnn_lib.RNNCell):
        return True
    try:
        rnn_lib.as_rnn_cell(cell)
    except (TypeError, ValueError):
        return False
    return True


def one2many_rnn_seq2seq(encoder_inputs, decoder_inputs_dict, enc_cell, dec_cells_dict, num_encoder_symbols,
                         num_decoder_symbols_dict, embedding_size, feed_previous=False, dtype=None, scope=None):
    """One embedding encoder, one embedding_rnn_decoder per task name (multi-task seq2seq)."""
    outputs_dict = {}
    state_dict = {}

    if not _is_rnn_cell(enc_cell):
        raise TypeError(f"enc_cell is not an RNNCell: {type(enc_cell)}")
    if set(dec_cells_dict) != set(decoder_inputs_dict):
        # TF1's message, typo included, so that code matching on it keeps working.
        raise ValueError("keys of dec_cells_dict != keys of decodre_inputs_dict")
    for dec_cell in dec_cells_dict.values():
        if not _is_rnn_cell(dec_cell):
            raise TypeError(f"dec_cell is not an RNNCell: {type(dec_cell)}")

    with _variable_scope(scope or "one2many_rnn_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype

        enc_cell = _embedding_encoder_cell(enc_cell, num_encoder_symbols, embedding_size, copy_first=False)
        _, encoder_state = rnn_lib.static_rnn(enc_cell, encoder_inputs, dtype=dtype)

        for name, decoder_inputs in decoder_inputs_dict.items():
            num_decoder_symbols = num_decoder_symbols_dict[name]
            dec_cell = dec_cells_dict[name]

            with _variable_scope("one2many_decoder_" + str(name)):
                dec_cell = _projected_cell(dec_cell, num_decoder_symbols)
                if isinstance(feed_previous, bool):
                    outputs, state = embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell,
                                                           num_decoder_symbols, embedding_size,
                                                           feed_previous=feed_previous)
                else:
                    outputs, state = _one2many_cond_decoder(feed_previous, decoder_inputs, encoder_state, dec_cell,
                                                            num_decoder_symbols, embedding_size)
            outputs_dict[name] = outputs
            state_dict[name] = state

    return outputs_dict, state_dict


def _one2many_cond_decoder(feed_previous, decoder_inputs, encoder_state, dec_cell, num_decoder_symbols,
                           embedding_size):
    """Both decoders of one task under ``tf.cond`` (TF1 keeps update_embedding_for_previous=True here)."""

    def filled_embedding_rnn_decoder(feed_previous_bool):
        reuse = None if feed_previous_bool else True
        with _variable_scope(_current_scope(), reuse=reuse):
            outputs, state = embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell, num_decoder_symbols,
                                                   embedding_size, feed_previous=feed_previous_bool)
        return outputs + _flatten_state(state)

    outputs_and_state = tf.cond(feed_previous, lambda: filled_embedding_rnn_decoder(True),
                                lambda: filled_embedding_rnn_decoder(False))
    return _split_outputs_and_state(outputs_and_state, len(decoder_inputs), encoder_state)


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None,
                             name=None):
    """Per-example weighted cross-entropy summed over steps (``/ sum(weights)`` when averaging)."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError("Lengths of logits, weights, and targets must be the same "
                         "%d, %d, %d." % (len(logits), len(weights), len(targets)))
    if softmax_loss_function is not None:
        _check_loss_function_keywords(softmax_loss_function)
    with tf.compat.v1.name_scope(name, "sequence_loss_by_example", list(logits) + list(targets) + list(weights)):
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                # TF1 reshapes because callers sometimes pass scalar targets.
                target = tf.reshape(target, [-1])
                crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            log_perp_list.append(crossent * weight)
        log_perps = tf.add_n(log_perp_list)
        if average_across_timesteps:
            total_size = tf.add_n(list(weights))
            total_size += 1e-12  # Avoids a division by zero when every weight is 0.
            log_perps /= total_size
    return log_perps



def _check_loss_function_keywords(softmax_loss_function):
    """Refuses a loss callback that cannot take ``labels=`` and ``logits=`` before TF does, with the reason.

    Early releases (0.x, early 1.x) called the callback positionally, so code written for them may name the
    parameters otherwise (``def sampled_loss(labels, inputs)``); TF 1.15 and this runtime call it by keyword, which
    otherwise ends in a bare "unexpected keyword argument" from inside the loss loop.
    """
    try:
        signature = inspect.signature(softmax_loss_function)
    except (TypeError, ValueError):  # builtins and some C callables have no signature: let the call decide
        return
    try:
        signature.bind(labels=None, logits=None)
    except TypeError as error:
        name = getattr(softmax_loss_function, "__qualname__", None) or repr(softmax_loss_function)
        raise TypeError(
            f"softmax_loss_function {name}{signature} cannot be called as f(labels=target, logits=logit), "
            f"which is how TF 1.15's legacy_seq2seq (and this runtime) call it ({error}); early TF releases passed "
            "the two positionally, so rename its parameters to labels and logits") from None

def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  softmax_loss_function=None, name=None):
    """Scalar weighted cross-entropy: sequence_loss_by_example summed (``/ batch`` when averaging)."""
    with tf.compat.v1.name_scope(name, "sequence_loss", list(logits) + list(targets) + list(weights)):
        cost = tf.reduce_sum(sequence_loss_by_example(logits, targets, weights,
                                                      average_across_timesteps=average_across_timesteps,
                                                      softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            batch_size = tf.shape(targets[0])[0]
            return cost / tf.cast(batch_size, cost.dtype)
        return cost


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights, buckets, seq2seq,
                       softmax_loss_function=None, per_example_loss=False, name=None):
    """Build ``seq2seq`` once per bucket on the bucket's input prefix, sharing weights between buckets.

    Returns ``(outputs, losses)``: per bucket, the list of output tensors and a scalar loss (or a
    ``[batch]`` loss with ``per_example_loss``).
    """
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError("Length of encoder_inputs (%d) must be at least that of la"
                         "st bucket (%d)." % (len(encoder_inputs), buckets[-1][0]))
    if len(targets) < buckets[-1][1]:
        raise ValueError("Length of targets (%d) must be at least that of last "
                         "bucket (%d)." % (len(targets), buckets[-1][1]))
    if len(weights) < buckets[-1][1]:
        raise ValueError("Length of weights (%d) must be at least that of last "
                         "bucket (%d)." % (len(weights), buckets[-1][1]))

    all_inputs = list(encoder_inputs) + list(decoder_inputs) + list(targets) + list(weights)
    losses = []
    outputs = []
    with tf.compat.v1.name_scope(name, "model_with_buckets", all_inputs):
        for j, bucket in enumerate(buckets):
            with _variable_scope(_current_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:bucket[0]], decoder_inputs[:bucket[1]])
                outputs.append(bucket_outputs)
                loss_function = sequence_loss_by_example if per_example_loss else sequence_loss
                losses.append(loss_function(outputs[-1], targets[:bucket[1]], weights[:bucket[1]],
                                            softmax_loss_function=softmax_loss_function))

    return outputs, losses
