"""runtime.checkpoint: TF 1.15's tf.contrib.checkpoint names on TF 2, each saved, restored and restored into
a fresh object."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import checkpoint as ckpt
from tf_seq2seq_migrate.runtime.layers import Dense


def _save(tmp_path, name, **objects):
    return tf.train.Checkpoint(**objects).save(os.path.join(tmp_path, name))


def _keys(path):
    return sorted(name for name, _ in tf.train.list_variables(path))


# -- aliases ---------------------------------------------------------------------------------------
def test_aliases_point_at_tf2_classes():
    assert ckpt.CheckpointManager is tf.train.CheckpointManager
    assert ckpt.PythonStateWrapper is tf.train.experimental.PythonState
    assert issubclass(ckpt.Checkpointable, ckpt.CheckpointableBase)
    assert isinstance(tf.Variable(1.0), ckpt.CheckpointableBase)


def test_checkpoint_manager_keeps_max_to_keep(tmp_path):
    variable = tf.Variable(1.0)
    manager = ckpt.CheckpointManager(ckpt.Checkpoint(v=variable), str(tmp_path), max_to_keep=2)
    for value in (1.0, 2.0, 3.0):
        variable.assign(value)
        manager.save()
    assert len(manager.checkpoints) == 2
    variable.assign(0.0)
    ckpt.Checkpoint(v=variable).restore(manager.latest_checkpoint)
    assert variable.numpy() == 3.0


def test_checkpointable_subclass_tracks_attributes(tmp_path):
    class Model(ckpt.Checkpointable):
        def __init__(self):
            self.weights_ = ckpt.List([tf.Variable([1.0, 2.0])])
            self.table = ckpt.Mapping(bias=tf.Variable(3.0))
            self.untracked = ckpt.NoDependency(tf.Variable(9.0))

    saved = Model()
    path = _save(tmp_path, "m", model=saved)
    assert _keys(path) == ["_CHECKPOINTABLE_OBJECT_GRAPH", "model/table/bias/.ATTRIBUTES/VARIABLE_VALUE",
                           "model/weights_/0/.ATTRIBUTES/VARIABLE_VALUE",
                           "save_counter/.ATTRIBUTES/VARIABLE_VALUE"]
    fresh = Model()
    fresh.weights_[0].assign([0.0, 0.0])
    fresh.table["bias"].assign(0.0)
    tf.train.Checkpoint(model=fresh).restore(path).assert_consumed()
    np.testing.assert_array_equal(fresh.weights_[0].numpy(), [1.0, 2.0])
    assert fresh.table["bias"].numpy() == 3.0
    assert isinstance(fresh.untracked, tf.Variable)  # NoDependency unwrapped on assignment


# -- NumpyState ------------------------------------------------------------------------------------
def test_numpy_state_restores_in_place_and_into_fresh_object(tmp_path):
    arrays = ckpt.NumpyState()
    arrays.x = np.zeros([3, 4])
    arrays.ids = np.arange(5, dtype=np.int32)
    path = _save(tmp_path, "np", arrays=arrays)
    arrays.x[1, 1] = 4.0
    arrays.ids = np.ones(2, np.int32)
    tf.train.Checkpoint(arrays=arrays).restore(path).assert_consumed()
    np.testing.assert_array_equal(arrays.x, np.zeros([3, 4]))
    np.testing.assert_array_equal(arrays.ids, np.arange(5))

    fresh = ckpt.NumpyState()
    tf.train.Checkpoint(arrays=fresh).restore(path).assert_consumed()
    assert fresh.x.shape == (3, 4) and fresh.ids.dtype == np.int32
    np.testing.assert_array_equal(fresh.ids, np.arange(5))


def test_numpy_state_rejects_non_arrays():
    with pytest.raises(NotImplementedError, match="which is not a numpy array"):
        ckpt.NumpyState().v = tf.Variable(1.0)


def test_numpy_state_in_graph_mode(tmp_path):
    prefix = os.path.join(tmp_path, "graph_np")
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        arrays = ckpt.NumpyState()
        arrays.a = np.array([1.5, 2.5])
        checkpoint = tf.compat.v1.train.Checkpoint(arrays=arrays)
        path = checkpoint.save(prefix, session=session)
        fresh = ckpt.NumpyState()
        tf.compat.v1.train.Checkpoint(arrays=fresh).restore(path).run_restore_ops(session)
        np.testing.assert_array_equal(fresh.a, [1.5, 2.5])


# -- UniqueNameTracker -----------------------------------------------------------------------------
def test_unique_name_tracker_names_and_round_trip(tmp_path):
    def build():
        root = ckpt.Checkpointable()
        root.slots = ckpt.UniqueNameTracker()
        made = [root.slots.track(tf.Variable(value), name) for value, name in ((3.0, "x"), (4.0, "y"), (5.0, "x"))]
        return root, made

    root, made = build()
    assert len(root.slots.trainable_weights) == 3
    path = _save(tmp_path, "u", owner=root)
    assert "owner/slots/x_1/.ATTRIBUTES/VARIABLE_VALUE" in _keys(path)
    fresh, fresh_vars = build()
    for variable in fresh_vars:
        variable.assign(0.0)
    tf.train.Checkpoint(owner=fresh).restore(path).assert_consumed()
    assert [v.numpy() for v in fresh_vars] == [3.0, 4.0, 5.0]


def test_unique_name_tracker_rejects_plain_values():
    with pytest.raises(ValueError, match="Expected a trackable value, got 3"):
        ckpt.UniqueNameTracker().track(3, "x")


# -- capture_dependencies --------------------------------------------------------------------------
def test_capture_dependencies_eager_round_trip_and_restore_on_create(tmp_path):
    owner = ckpt.Checkpointable()
    with tf.compat.v1.variable_scope("outer"), ckpt.capture_dependencies(owner):
        tf.compat.v1.get_variable("dense/kernel", [2], initializer=tf.compat.v1.constant_initializer(7.0))
        tf.Variable(2.0, name="scale")
    path = _save(tmp_path, "cap", owner=owner)
    assert sorted(owner._trackable_children()) == ["dense/kernel", "scale"]

    # Restored before the variables exist: values land when they are created, in another scope.
    fresh = ckpt.Checkpointable()
    status = tf.train.Checkpoint(owner=fresh).restore(path)
    with tf.compat.v1.variable_scope("elsewhere"), ckpt.capture_dependencies(fresh):
        kernel = tf.compat.v1.get_variable("dense/kernel", [2], initializer=tf.compat.v1.zeros_initializer())
        scale = tf.Variable(0.0, name="scale")
    status.assert_consumed()
    np.testing.assert_array_equal(kernel.numpy(), [7.0, 7.0])
    assert scale.numpy() == 2.0


def test_capture_dependencies_graph_mode_tracks_reused_variable_once():
    with tf.Graph().as_default():
        owner = ckpt.Checkpointable()
        with tf.compat.v1.variable_scope("tmpl"), ckpt.capture_dependencies(owner):
            first = tf.compat.v1.get_variable("a/b", [2])
        with tf.compat.v1.variable_scope("tmpl", reuse=True), ckpt.capture_dependencies(owner):
            second = tf.compat.v1.get_variable("a/b", [2])
        assert first is second
        assert list(owner._trackable_children()) == ["a/b"]


def test_capture_dependencies_uses_template_variable_scope():
    template = tf.compat.v1.make_template("tmpl", lambda: tf.compat.v1.get_variable("w", [1]))
    template()  # creates tmpl/w and enters template.variable_scope
    with tf.compat.v1.variable_scope(template.variable_scope), ckpt.capture_dependencies(template):
        tf.compat.v1.get_variable("extra/v", [2])
    assert "extra/v" in template._trackable_children()


# -- split_dependency ------------------------------------------------------------------------------
def _split_holder(variable):
    def fill(buffer):
        buffer["first"] = variable[:2]
        buffer["second"] = variable[2:]

    def consume(buffer):
        return variable.assign(tf.concat([buffer["first"], buffer["second"]], axis=0))

    holder = ckpt.Checkpointable()
    parts = ckpt.split_dependency(["first", "second"], [tf.float32, tf.float32], fill, consume)
    holder.first, holder.second = parts["first"], parts["second"]
    return holder


def test_split_dependency_round_trip_and_compatible_with_separate_variables(tmp_path):
    fused = tf.Variable([1.0, 2.0, 3.0, 4.0])
    path = _save(tmp_path, "split", holder=_split_holder(fused))
    fused.assign(tf.zeros([4]))
    tf.train.Checkpoint(holder=_split_holder(fused)).restore(path).assert_consumed()
    np.testing.assert_array_equal(fused.numpy(), [1.0, 2.0, 3.0, 4.0])

    separate = ckpt.Checkpointable()
    separate.first, separate.second = tf.Variable([0.0, 0.0]), tf.Variable([0.0, 0.0])
    tf.train.Checkpoint(holder=separate).restore(path).assert_consumed()
    np.testing.assert_array_equal(separate.second.numpy(), [3.0, 4.0])

    # and back: separate variables restore into the fused one
    separate.first.assign([5.0, 6.0])
    back = _save(tmp_path, "sep", holder=separate)
    tf.train.Checkpoint(holder=_split_holder(fused)).restore(back).assert_consumed()
    np.testing.assert_array_equal(fused.numpy(), [5.0, 6.0, 3.0, 4.0])


# -- inspection ------------------------------------------------------------------------------------
def test_list_objects_object_metadata_and_dot_graph(tmp_path):
    root = ckpt.Checkpointable()
    root.child = ckpt.Checkpointable()
    root.child.kernel = tf.Variable(tf.ones([2, 3]))
    assert ckpt.list_objects(root)[:3] == [root, root.child, root.child.kernel]
    path = _save(tmp_path, "inspect", owner=root)

    graph = ckpt.object_metadata(path)
    assert isinstance(graph, ckpt.CheckpointableObjectGraph)
    keys = {a.checkpoint_key for node in graph.nodes for a in node.attributes}
    assert "owner/child/kernel/.ATTRIBUTES/VARIABLE_VALUE" in keys

    dot = ckpt.dot_graph_from_checkpoint(path)
    assert dot.startswith("digraph checkpoint {\n") and dot.endswith("}\n")
    assert '[label="child"]' in dot and '[label="kernel"]' in dot
    assert "[2, 3] float32" in dot


def test_object_metadata_of_name_based_checkpoint_is_an_error(tmp_path):
    variable = tf.Variable(1.0, name="plain")
    path = ckpt.Saver([variable]).save(os.path.join(tmp_path, "named"))
    with pytest.raises(ValueError, match="has no object graph .* written by the TF1 name-based Saver"):
        ckpt.object_metadata(path)


# -- tfe.Saver -------------------------------------------------------------------------------------
def test_saver_uses_tf1_names_and_restores_into_graph_program(tmp_path):
    inputs = np.arange(6, dtype=np.float32).reshape(2, 3)
    layer = Dense(4, kernel_initializer=tf.compat.v1.random_normal_initializer(seed=1))
    # Eager scope names are unique per process; build as a fresh program would, whatever ran before.
    with fresh_tf1_scope_names():
        layer(inputs)
    layer.bias.assign(np.full([4], 0.5, np.float32))
    eager_out = layer(inputs).numpy()
    path = ckpt.Saver(layer.weights).save(os.path.join(tmp_path, "tfe"), global_step=3)
    assert path.endswith("tfe-3")
    assert _keys(path) == ["dense/bias", "dense/kernel"]

    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        graph_out = Dense(4)(tf.constant(inputs))
        tf.compat.v1.train.Saver().restore(session, path)
        np.testing.assert_array_equal(session.run(graph_out), eager_out)

    layer.kernel.assign(tf.zeros_like(layer.kernel))
    ckpt.Saver(layer.weights).restore(path)
    np.testing.assert_array_equal(layer(inputs).numpy(), eager_out)


def test_saver_refuses_graph_mode():
    with tf.Graph().as_default():
        with pytest.raises(RuntimeError, match="tfe.Saver can only be used when eager execution is enabled"):
            ckpt.Saver([tf.compat.v1.get_variable("v", [1])])
