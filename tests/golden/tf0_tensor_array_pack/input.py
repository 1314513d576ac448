"""A TF 0.12 hand-written RNN loop over TensorArrays (pack/unpack, renamed stack/unstack in TF 1.0)."""
import tensorflow as tf

outputs_ta = tf.TensorArray(tf.float32, size=4)
outputs = outputs_ta.pack()


def unroll(cell, inputs, steps, packer, state):
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=steps)
    inputs_ta = inputs_ta.unpack(inputs)
    out_ta = tf.TensorArray(tf.float32, size=steps)

    def body(t, state, out_ta):
        output, state = cell(inputs_ta.read(t), state)
        return t + 1, state, out_ta.write(t, output)  # a parameter: not known to be a TensorArray

    _, state, final_ta = tf.while_loop(lambda t, *_: t < steps, body, (0, state, out_ta))
    written = out_ta.write(0, inputs_ta.read(0))
    maybe = tf.TensorArray(tf.float32, size=steps)
    if steps > 3:
        maybe = packer  # bound to something else as well: left alone
    return (
        written.pack(),
        final_ta.pack(),  # a tuple target of while_loop: left alone
        maybe.pack(),
        packer.pack(inputs),  # some other object's pack method
        tf.pack([state]),
    )
