"""TF 1.15's RNN drivers: ``dynamic_rnn``, ``bidirectional_dynamic_rnn``, ``static_rnn``,
``static_bidirectional_rnn``, ``static_state_saving_rnn``, and contrib's ``stack_bidirectional_rnn`` /
``stack_bidirectional_dynamic_rnn``.

Same signatures, scopes (``rnn``, ``bidirectional_rnn/fw``, ``stack_bidirectional_rnn/cell_0/...``) and
sequence-length rules as TF1: past a row's length its output is zero and its state is copied through.
The time loop is a ``tf.while_loop`` over ``tf.TensorArray`` s, so the same code runs eagerly, inside
``tf.function`` (also ``jit_compile=True``) and in ``tf.compat.v1`` graphs.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import in_v1_graph
from tf_seq2seq_migrate.runtime.rnn.cell_wrappers import no_dropout_draws
from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell

__all__ = [
    "dynamic_rnn", "bidirectional_dynamic_rnn", "static_rnn", "static_bidirectional_rnn",
    "static_state_saving_rnn", "stack_bidirectional_rnn", "stack_bidirectional_dynamic_rnn",
]

_DTYPE_REQUIRED = ("If no initial_state is provided, dtype must be specified. Pass dtype= (the inputs' dtype, "
                   "e.g. dtype=tf.float32) or initial_state=cell.zero_state(batch_size, dtype).")


# -- shapes and dtypes ------------------------------------------------------------------------------
def _transpose_batch_time(x):
    """Swap the first two axes, keeping as much static shape as possible."""
    static = x.shape
    if static.rank is not None and static.rank < 2:
        return x
    perm = tf.concat(([1, 0], tf.range(2, tf.rank(x))), axis=0)
    transposed = tf.transpose(x, perm)
    if static.rank is not None:
        transposed.set_shape(tf.TensorShape([static[1], static[0]]).concatenate(static[2:]))
    return transposed


def _time_major_batch_size(flat_input):
    """The batch size of time-major inputs: static where any input knows it, else dynamic."""
    for tensor in flat_input:
        if tensor.shape.rank is not None and tf.compat.dimension_value(tensor.shape[1]) is not None:
            return tf.compat.dimension_value(tensor.shape[1])
    return tf.shape(flat_input[0])[1]


def _infer_state_dtype(explicit_dtype, state):
    if explicit_dtype is not None:
        return tf.as_dtype(explicit_dtype)
    dtypes = [tensor.dtype for tensor in tf.nest.flatten(state)]
    if not dtypes:
        raise ValueError(f"Unable to infer dtype from empty state={state}.")
    if any(dtype != dtypes[0] for dtype in dtypes):
        raise ValueError(f"State has tensors of different dtypes {dtypes}; unable to infer a single dtype. Pass "
                         "dtype= explicitly.")
    return dtypes[0]


def _check_sequence_inputs(flat_input, function_name: str, time_major: bool):
    """Validate ``[time, batch, depth...]`` inputs (already time major) and return their static shapes."""
    layout = "[max_time, batch_size, depth]" if time_major else "[batch_size, max_time, depth]"
    shapes = []
    for tensor in flat_input:
        shape = tensor.shape
        if shape.rank is not None and shape.rank < 3:
            raise ValueError(f"{function_name} expects inputs of rank 3 or more, shaped {layout}, but got shape "
                             f"{shape}. For a single time step call the cell directly: "
                             "output, state = cell(inputs, state).")
        if shape.rank is None or not shape[2:].is_fully_defined():
            raise ValueError(f"Input size (depth of inputs) must be accessible via shape inference, but saw value "
                             f"None for input {tensor.name if hasattr(tensor, 'name') else tensor} of shape "
                             f"{shape}. Give the inputs a static depth, e.g. a placeholder shaped "
                             "[None, None, depth] or tf.ensure_shape(inputs, [None, None, depth]).")
        shapes.append(shape)
    for shape in shapes[1:]:
        if not shape[:2].is_compatible_with(shapes[0][:2]):
            raise ValueError(f"All inputs must share time steps and batch size; got shapes {shapes}.")
    return shapes


def _prepare_sequence_length(sequence_length):
    if sequence_length is None:
        return None
    sequence_length = tf.cast(sequence_length, tf.int32)
    if sequence_length.shape.rank not in (None, 1):
        raise ValueError(f"sequence_length must be a vector of length batch_size, but saw shape: "
                         f"{sequence_length.shape}")
    return tf.identity(sequence_length, name="sequence_length")


def _initial_state(cell, initial_state, dtype, batch_size):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError(_DTYPE_REQUIRED)
    if getattr(cell, "get_initial_state", None) is not None:
        return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
    return cell.zero_state(batch_size, dtype)


def _copy_through(time, sequence_length, zero_outputs, old_states, new_outputs, new_states):
    """Rows whose sequence has ended (``time >= length``) emit zeros and keep their old state."""
    finished = time >= sequence_length

    def select(past_end_value, new_value):
        if isinstance(new_value, tf.TensorArray) or new_value.shape.rank == 0:
            return new_value
        rank = new_value.shape.rank
        condition = finished if rank == 1 else tf.reshape(finished, [-1] + [1] * (rank - 1))
        return tf.where(condition, past_end_value, new_value)

    outputs = [select(zero, new) for zero, new in zip(zero_outputs, new_outputs)]
    states = [select(old, new) for old, new in zip(old_states, new_states)]
    return outputs, states


def _build_before_loop(cell, step_input, state):
    """Create the cell's weights before the time loop when running eagerly or in ``tf.function``.

    Keras 3 creates variables in ``build``; doing that outside the loop body keeps variable creation out
    of ``tf.while_loop`` (which ``tf.function`` forbids). In a v1 graph the cell builds inside the loop
    exactly as TF1 did (``get_variable`` lifts the variables out). The call draws no dropout masks: a
    stateful random op run here would shift every eager step's mask by one against TF1's.
    """
    if in_v1_graph() or getattr(cell, "built", True):
        return
    with no_dropout_draws():
        cell(step_input, state)


# -- dynamic_rnn ------------------------------------------------------------------------------------
def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """Run ``cell`` over the time axis of ``inputs``; returns ``(outputs, final_state)`` as TF1 did."""
    cell = as_rnn_cell(cell, "cell")
    with tf.compat.v1.variable_scope(scope or "rnn"):
        flat_input = [tf.convert_to_tensor(tensor) for tensor in tf.nest.flatten(inputs)]
        if not flat_input:
            raise ValueError("dynamic_rnn needs at least one input tensor.")
        if not time_major:
            for tensor in flat_input:
                if tensor.shape.rank is not None and tensor.shape.rank < 3:
                    _check_sequence_inputs([tensor], "dynamic_rnn", time_major)
            flat_input = [_transpose_batch_time(tensor) for tensor in flat_input]
        parallel_iterations = parallel_iterations or 32
        sequence_length = _prepare_sequence_length(sequence_length)
        batch_size = _time_major_batch_size(flat_input)
        state = _initial_state(cell, initial_state, dtype, batch_size)
        if sequence_length is not None and in_v1_graph():
            # TF1 checked the length vector against the batch at run time.
            check = tf.debugging.assert_equal(tf.shape(sequence_length), tf.reshape(batch_size, [1]),
                                              message="sequence_length must have one entry per batch row")
            with tf.control_dependencies([check]):
                sequence_length = tf.identity(sequence_length, name="CheckSeqLen")
        time_major_inputs = tf.nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(cell, time_major_inputs, state, parallel_iterations,
                                                 swap_memory, sequence_length, dtype)
        if not time_major:
            outputs = tf.nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _dynamic_rnn_loop(cell, inputs, initial_state, parallel_iterations, swap_memory, sequence_length, dtype):
    flat_input = tf.nest.flatten(inputs)
    input_shapes = _check_sequence_inputs(flat_input, "dynamic_rnn", time_major=True)
    static_time = tf.compat.dimension_value(input_shapes[0][0])
    static_batch = tf.compat.dimension_value(input_shapes[0][1])
    time_steps = static_time if static_time is not None else tf.shape(flat_input[0])[0]
    output_size = cell.output_size
    flat_output_size = [tf.TensorShape(size) if not isinstance(size, tf.TensorShape) else size
                        for size in tf.nest.flatten(output_size)]
    state_dtype = _infer_state_dtype(dtype, initial_state)

    with tf.name_scope("dynamic_rnn"):
        input_tas = [tf.TensorArray(tensor.dtype, size=time_steps, element_shape=shape[1:]).unstack(tensor)
                     for tensor, shape in zip(flat_input, input_shapes)]
        output_tas = [tf.TensorArray(state_dtype, size=time_steps,
                                     element_shape=tf.TensorShape([static_batch]).concatenate(size))
                      for size in flat_output_size]

        def read_step(time):
            step = []
            for ta, shape in zip(input_tas, input_shapes):
                value = ta.read(time)
                value.set_shape(shape[1:])
                step.append(value)
            return tf.nest.pack_sequence_as(inputs, step)

        _build_before_loop(cell, tf.nest.pack_sequence_as(inputs, [tensor[0] for tensor in flat_input]),
                           initial_state)

        def body(time, tas, state):
            output, new_state = cell(read_step(time), state)
            tf.nest.assert_same_structure(state, new_state)
            flat_output = tf.nest.flatten(output)
            flat_state = tf.nest.flatten(state)
            flat_new_state = tf.nest.flatten(new_state)
            if sequence_length is not None:
                zeros = [tf.zeros_like(value) for value in flat_output]
                flat_output, flat_new_state = _copy_through(time, sequence_length, zeros, flat_state,
                                                            flat_output, flat_new_state)
            for value, old in zip(flat_new_state, flat_state):
                if not isinstance(value, tf.TensorArray):
                    value.set_shape(old.shape)
            tas = [ta.write(time, value) for ta, value in zip(tas, flat_output)]
            return time + 1, tas, tf.nest.pack_sequence_as(state, flat_new_state)

        # Every step runs (past each row's length the results are masked), so the loop has a static trip
        # count under XLA; TF1's early stop at max(sequence_length) gives the same numbers.
        _, final_tas, final_state = tf.while_loop(
            lambda time, *_: time < time_steps, body,
            (tf.constant(0, dtype=tf.int32, name="time"), output_tas, initial_state),
            parallel_iterations=parallel_iterations, maximum_iterations=time_steps, swap_memory=swap_memory)
        final_outputs = []
        for ta, size in zip(final_tas, flat_output_size):
            stacked = ta.stack()
            stacked.set_shape(tf.TensorShape([static_time, static_batch]).concatenate(size))
            final_outputs.append(stacked)
    return tf.nest.pack_sequence_as(output_size, final_outputs), final_state


def _reverse(tensor, lengths, seq_axis, batch_axis):
    if lengths is None:
        return tf.reverse(tensor, axis=[seq_axis])
    return tf.reverse_sequence(tensor, seq_lengths=lengths, seq_axis=seq_axis, batch_axis=batch_axis)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """Forward and backward ``dynamic_rnn`` (scopes ``bidirectional_rnn/fw`` and ``/bw``); the backward pass
    reads each row reversed within its length. Returns ``((output_fw, output_bw), (state_fw, state_bw))``."""
    cell_fw = as_rnn_cell(cell_fw, "cell_fw")
    cell_bw = as_rnn_cell(cell_bw, "cell_bw")
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    with tf.compat.v1.variable_scope(scope or "bidirectional_rnn"):
        with tf.compat.v1.variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length=sequence_length,
                                              initial_state=initial_state_fw, dtype=dtype,
                                              parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                                              time_major=time_major, scope=fw_scope)
        with tf.compat.v1.variable_scope("bw") as bw_scope:
            lengths = None if sequence_length is None else tf.convert_to_tensor(sequence_length)
            reversed_inputs = tf.nest.map_structure(
                lambda tensor: _reverse(tf.convert_to_tensor(tensor), lengths, time_axis, batch_axis), inputs)
            reversed_output_bw, state_bw = dynamic_rnn(cell_bw, reversed_inputs, sequence_length=sequence_length,
                                                       initial_state=initial_state_bw, dtype=dtype,
                                                       parallel_iterations=parallel_iterations,
                                                       swap_memory=swap_memory, time_major=time_major,
                                                       scope=bw_scope)
    output_bw = tf.nest.map_structure(lambda tensor: _reverse(tensor, lengths, time_axis, batch_axis),
                                      reversed_output_bw)
    return (output_fw, output_bw), (state_fw, state_bw)


# -- static (unrolled) RNNs -------------------------------------------------------------------------
def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Unrolled RNN over a Python list of ``[batch, depth]`` inputs; returns ``(outputs list, state)``."""
    cell = as_rnn_cell(cell, "cell")
    if not tf.nest.is_nested(inputs):
        raise TypeError(f"inputs must be a sequence (a list of [batch_size, depth] tensors, one per time step), "
                        f"got a {type(inputs).__name__} of shape {getattr(inputs, 'shape', None)}. For a [batch, time, depth] tensor use dynamic_rnn or "
                        "tf.unstack(inputs, axis=1).")
    if not inputs:
        raise ValueError("inputs must not be empty.")
    outputs = []
    with tf.compat.v1.variable_scope(scope or "rnn") as varscope:
        first_input = inputs
        while tf.nest.is_nested(first_input):
            first_input = first_input[0]
        first_input = tf.convert_to_tensor(first_input)
        if first_input.shape.rank != 1:
            fixed_batch = first_input.shape.with_rank_at_least(2)[0]
            for tensor in tf.nest.flatten(inputs):
                shape = tf.convert_to_tensor(tensor).shape.with_rank_at_least(2)
                if not tf.TensorShape([fixed_batch]).is_compatible_with(tf.TensorShape([shape[0]])):
                    raise ValueError(f"All inputs must have the same batch size; got {fixed_batch} and {shape[0]}.")
                for index, size in enumerate(shape[1:].dims):
                    if tf.compat.dimension_value(size) is None:
                        raise ValueError(f"Input size (dimension {index} of input {tensor}) must be accessible "
                                         "via shape inference, but saw value None. Give the inputs a static depth.")
        else:
            fixed_batch = first_input.shape.with_rank_at_least(1)[0]
        static_batch = tf.compat.dimension_value(fixed_batch)
        batch_size = static_batch if static_batch is not None else tf.shape(first_input)[0]
        state = _initial_state(cell, initial_state, dtype, batch_size)
        if sequence_length is not None:
            sequence_length = _prepare_sequence_length(tf.convert_to_tensor(sequence_length))
        for time, step_input in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, new_state = cell(step_input, state)
            if sequence_length is not None:
                flat_output = tf.nest.flatten(output)
                zeros = [tf.zeros_like(value) for value in flat_output]
                flat_output, flat_state = _copy_through(time, sequence_length, zeros, tf.nest.flatten(state),
                                                        flat_output, tf.nest.flatten(new_state))
                output = tf.nest.pack_sequence_as(output, flat_output)
                new_state = tf.nest.pack_sequence_as(state, flat_state)
            state = new_state
            outputs.append(output)
        return outputs, state


def static_state_saving_rnn(cell, inputs, state_saver, state_name, sequence_length=None, scope=None):
    """``static_rnn`` whose initial state comes from ``state_saver.state(name)`` and whose final state is
    saved back with ``state_saver.save_state(name, value)`` before the last output is available."""
    cell = as_rnn_cell(cell, "cell")
    state_size = cell.state_size
    state_is_tuple = tf.nest.is_nested(state_size)
    if state_is_tuple != tf.nest.is_nested(state_name):
        raise ValueError(f"state_name should be the same type as cell.state_size. state_name: {state_name!s}, "
                         f"cell.state_size: {state_size!s}")
    if state_is_tuple:
        names, sizes = tf.nest.flatten(state_name), tf.nest.flatten(state_size)
        if len(names) != len(sizes):
            raise ValueError(f"Number of elements in state_name ({len(names)}) and cell.state_size "
                             f"({len(sizes)}) do not match.")
        initial_state = tf.nest.pack_sequence_as(state_size, [state_saver.state(name) for name in names])
    else:
        initial_state = state_saver.state(state_name)
    outputs, state = static_rnn(cell, inputs, initial_state=initial_state, sequence_length=sequence_length,
                                scope=scope)
    flat_state = tf.nest.flatten(state)
    names = tf.nest.flatten(state_name)
    saves = [state_saver.save_state(name, value) for name, value in zip(names, flat_state)]
    with tf.control_dependencies(saves):
        last = outputs[-1]
        outputs[-1] = tf.nest.pack_sequence_as(last, [tf.identity(value) for value in tf.nest.flatten(last)])
        state = tf.nest.pack_sequence_as(state, [tf.identity(value) for value in flat_state])
    return outputs, state


def _reverse_sequence_list(input_seq, lengths):
    """Reverse a Python list of per-step tensors, each row within its own length."""
    if lengths is None:
        return list(reversed(input_seq))
    flat_steps = [tf.nest.flatten(step) for step in input_seq]
    reversed_flat = [[] for _ in input_seq]
    for position in range(len(flat_steps[0])):
        stacked = tf.stack([steps[position] for steps in flat_steps])
        flipped = tf.reverse_sequence(stacked, lengths, seq_axis=0, batch_axis=1)
        for time, value in enumerate(tf.unstack(flipped)):
            reversed_flat[time].append(value)
    return [tf.nest.pack_sequence_as(step, flat) for step, flat in zip(input_seq, reversed_flat)]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """Returns ``(outputs, state_fw, state_bw)``; each output is ``concat([fw, bw], 1)``."""
    cell_fw = as_rnn_cell(cell_fw, "cell_fw")
    cell_bw = as_rnn_cell(cell_bw, "cell_bw")
    if not tf.nest.is_nested(inputs):
        raise TypeError(f"inputs must be a sequence (a list of [batch_size, depth] tensors), got a "
                        f"{type(inputs).__name__} of shape {getattr(inputs, 'shape', None)}. Use "
                        "tf.unstack(inputs, axis=1) or bidirectional_dynamic_rnn.")
    if not inputs:
        raise ValueError("inputs must not be empty.")
    lengths = None if sequence_length is None else tf.convert_to_tensor(sequence_length)
    with tf.compat.v1.variable_scope(scope or "bidirectional_rnn"):
        with tf.compat.v1.variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length,
                                             scope=fw_scope)
        with tf.compat.v1.variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_sequence_list(inputs, lengths)
            reversed_output_bw, state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype,
                                                      sequence_length, scope=bw_scope)
    output_bw = _reverse_sequence_list(reversed_output_bw, lengths)
    outputs = [
        tf.nest.pack_sequence_as(fw, [tf.concat([f, b], 1) for f, b in zip(tf.nest.flatten(fw), tf.nest.flatten(bw))])
        for fw, bw in zip(output_fw, output_bw)
    ]
    return outputs, state_fw, state_bw


# -- contrib's stacked bidirectional RNNs -----------------------------------------------------------
def _check_stack_arguments(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, cells, label in ((initial_states_fw, cells_fw, "initial_states_fw"),
                                 (initial_states_bw, cells_bw, "initial_states_bw")):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells)):
            raise ValueError(f"{label} must be a list of state tensors (one per layer).")


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None, dtype=None,
                            sequence_length=None, scope=None):
    """Layers of ``static_bidirectional_rnn`` (scopes ``stack_bidirectional_rnn/cell_i/fw``); each layer reads
    the previous layer's concatenated outputs. Returns ``(outputs, states_fw, states_bw)``."""
    _check_stack_arguments(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    layer_inputs = inputs
    with tf.compat.v1.variable_scope(scope or "stack_bidirectional_rnn"):
        for index, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_fw = initial_states_fw[index] if initial_states_fw else None
            initial_bw = initial_states_bw[index] if initial_states_bw else None
            with tf.compat.v1.variable_scope(f"cell_{index}") as cell_scope:
                layer_inputs, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw, cell_bw, layer_inputs, initial_state_fw=initial_fw, initial_state_bw=initial_bw,
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer_inputs, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                                    dtype=None, sequence_length=None, parallel_iterations=None, time_major=False,
                                    scope=None):
    """Layers of ``bidirectional_dynamic_rnn`` (scopes ``stack_bidirectional_rnn/cell_i/bidirectional_rnn/fw``);
    returns ``(outputs, states_fw, states_bw)`` with outputs ``concat([fw, bw], 2)`` of the last layer."""
    _check_stack_arguments(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    layer_inputs = inputs
    with tf.compat.v1.variable_scope(scope or "stack_bidirectional_rnn"):
        for index, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_fw = initial_states_fw[index] if initial_states_fw else None
            initial_bw = initial_states_bw[index] if initial_states_bw else None
            with tf.compat.v1.variable_scope(f"cell_{index}"):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, layer_inputs, initial_state_fw=initial_fw, initial_state_bw=initial_bw,
                    sequence_length=sequence_length, parallel_iterations=parallel_iterations, dtype=dtype,
                    time_major=time_major)
                layer_inputs = tf.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer_inputs, tuple(states_fw), tuple(states_bw)
