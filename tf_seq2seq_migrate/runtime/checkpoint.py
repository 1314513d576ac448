"""TF 1.15's ``tf.contrib.checkpoint`` (and the ``tf.contrib.eager`` checkpoint names) on TensorFlow 2.

Where TF 2 still ships the thing, the name is an alias of it (``CheckpointManager``, ``PythonStateWrapper``,
``Checkpointable``, ``CheckpointableBase``, ``List``, ``Mapping``, ``NoDependency``, ``Checkpoint``,
``Variable``); the rest is implemented here on TF 2's object-based checkpointing:

* ``NumpyState``: attributes holding numpy arrays are saved with the checkpoint and re-created on restore.
* ``UniqueNameTracker``: ``track(trackable, base_name)`` under ``base_name``, ``base_name_1``, ...
* ``capture_dependencies``: variables created inside the block become named dependencies of an object.
* ``split_dependency``: several checkpoint entries saved and restored together through two callbacks.
* ``list_objects``, ``object_metadata``, ``dot_graph_from_checkpoint``: inspection of object graphs.
* ``Saver``: ``tfe.Saver(var_list).save(prefix)`` / ``.restore(prefix)``, eager name-based checkpoints.
  TF 2's ``tf.compat.v1.train.Saver`` works eagerly but wants a session argument first; this adapter keeps
  tfe's call signature and keys the runtime's variables by their TF1 names, so an eager model and a TF1
  graph program read and write the same name-based checkpoint.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import tensorflow as tf
from tensorflow.core.protobuf import trackable_object_graph_pb2

# TF 2 keeps these working classes but exports them under no public name; the tracking machinery
# recognises only these exact classes (e.g. AutoTrackable unwraps only its own NoDependency), so an
# alias is the one implementation that behaves like TF1's.
from tensorflow.python.trackable.data_structures import List, Mapping, NoDependency

from tf_seq2seq_migrate.runtime.base_layer import tf1_name

__all__ = [
    "Checkpoint", "CheckpointManager", "Checkpointable", "CheckpointableBase", "CheckpointableObjectGraph",
    "List", "Mapping", "NoDependency", "NumpyState", "PythonStateWrapper", "Saver", "UniqueNameTracker",
    "Variable", "capture_dependencies", "dot_graph_from_checkpoint", "list_objects", "object_metadata",
    "split_dependency",
]

CheckpointManager = tf.train.CheckpointManager
PythonStateWrapper = tf.train.experimental.PythonState
Checkpointable = tf.__internal__.tracking.AutoTrackable
CheckpointableBase = tf.__internal__.tracking.Trackable
CheckpointableObjectGraph = trackable_object_graph_pb2.TrackableObjectGraph
# tfe.Checkpoint was the v1 Checkpoint: it also works in graph mode (``restore(...).run_restore_ops()``).
Checkpoint = tf.compat.v1.train.Checkpoint
Variable = tf.Variable

# Key under which TF 2 stores the serialized object graph in an object-based checkpoint.
_OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
# Attribute name a variable-like object's value is saved under (``.ATTRIBUTES/VARIABLE_VALUE``).
_VARIABLE_VALUE_KEY = "VARIABLE_VALUE"


# -- NumpyState ----------------------------------------------------------------------------------
class _NumpyWrapper(tf.train.experimental.PythonState):
    """One numpy array, serialized with ``np.save`` (no pickle) into a string checkpoint entry."""

    def __init__(self, array: np.ndarray):
        self.array = array

    def serialize(self):
        buffer = io.BytesIO()
        np.save(buffer, self.array, allow_pickle=False)
        return buffer.getvalue()

    def deserialize(self, string_value):
        self.array = np.load(io.BytesIO(string_value), allow_pickle=False)


class NumpyState(tf.__internal__.tracking.Trackable):
    """A trackable whose numpy-array attributes are saved and restored with the checkpoint.

    Restoring into a fresh ``NumpyState`` re-creates the saved attributes. Like TF1's, it must be a
    leaf of the object graph: assigning anything other than a numpy array to a public attribute raises
    ``NotImplementedError``.
    """

    def __setattr__(self, name, value):
        if isinstance(value, np.ndarray):
            try:
                existing = object.__getattribute__(self, name)
            except AttributeError:
                existing = None
            if isinstance(existing, _NumpyWrapper):
                existing.array = value
                return
            value = _NumpyWrapper(value)
            self._track_trackable(value, name=name, overwrite=True)
        elif not name.startswith("_"):
            raise NotImplementedError(
                f"Assigned {value!r} to the {name} attribute of a NumpyState, which is not a numpy array. "
                "NumpyState holds only numpy arrays; keep other trackable objects on a separate object.")
        object.__setattr__(self, name, value)

    def __getattribute__(self, name):
        value = object.__getattribute__(self, name)
        return value.array if isinstance(value, _NumpyWrapper) else value

    def _lookup_dependency(self, name, cached_dependencies=None):
        found = super()._lookup_dependency(name, cached_dependencies)
        # Only checkpoint restoration passes the children dict; that is when a missing attribute must be
        # created so the saved array has somewhere to go (``_track_trackable`` passes nothing).
        if found is None and cached_dependencies is not None:
            found = _NumpyWrapper(np.array([]))
            self._track_trackable(found, name=name, overwrite=True)
            object.__setattr__(self, name, found)
        return found


# -- UniqueNameTracker ---------------------------------------------------------------------------
class UniqueNameTracker(tf.__internal__.tracking.TrackableDataStructure):
    """Adds dependencies on trackables under locally unique names derived from a name hint."""

    def __init__(self):
        super().__init__()
        self._maybe_initialize_trackable()
        self._self_next_suffix: dict[str, int] = {}

    @property
    def _values(self):
        return [reference.ref for reference in self._self_unconditional_checkpoint_dependencies]

    def track(self, trackable, base_name):
        """Depend on ``trackable`` as ``base_name`` (or ``base_name_1``, ...); returns ``trackable``."""
        if not isinstance(trackable, tf.__internal__.tracking.Trackable):
            raise ValueError(f"Expected a trackable value, got {trackable!r} which does not inherit from "
                             "CheckpointableBase.")
        suffix = self._self_next_suffix.get(base_name, 0)
        candidate = _suffixed(base_name, suffix)
        while self._lookup_dependency(candidate) is not None:
            suffix += 1
            candidate = _suffixed(base_name, suffix)
        self._self_next_suffix[base_name] = suffix + 1
        self._track_value(trackable, name=candidate)
        return trackable


def _suffixed(base_name: str, number: int) -> str:
    return f"{base_name}_{number}" if number else base_name


# -- capture_dependencies ------------------------------------------------------------------------
@contextlib.contextmanager
def capture_dependencies(template):
    """Make variables created inside the block dependencies of ``template``, named by their scope path.

    The name is the variable's name relative to ``template.variable_scope`` (a ``tf.compat.v1``
    ``Template``) or, for any other trackable, relative to the variable scope active on entry: a variable
    ``outer/dense/kernel`` created under ``outer`` becomes the dependency ``dense/kernel``. A variable
    fetched again under ``reuse`` is not created, so it is tracked once. A dependency restored into
    ``template`` before the variable exists is applied when the variable is created.
    """
    scope = getattr(template, "variable_scope", None)
    prefix = scope.name if scope is not None else tf.compat.v1.get_variable_scope().name
    template._maybe_initialize_trackable()  # pylint: disable=protected-access

    def _track_created(next_creator, **kwargs):
        variable = next_creator(**kwargs)
        local_name = _relative_name(variable.name, prefix)
        if template._lookup_dependency(local_name) is None:  # pylint: disable=protected-access
            template._track_trackable(variable, name=local_name)  # pylint: disable=protected-access
        return variable

    with tf.variable_creator_scope(_track_created):
        yield


def _relative_name(variable_name: str, prefix: str) -> str:
    name = variable_name[:-2] if variable_name.endswith(":0") else variable_name
    if prefix and name.startswith(prefix + "/"):
        return name[len(prefix) + 1:]
    return name


# -- split_dependency ----------------------------------------------------------------------------
class _SplitDependency(tf.__internal__.tracking.Trackable):
    """Looks like one variable to the checkpoint; saves and restores in step with its siblings."""

    def __init__(self, group: "_SplitGroup", name: str, dtype):
        self._group = group
        self._component_name = name
        self._dtype = tf.as_dtype(dtype)

    def _serialize_to_tensors(self):
        return {_VARIABLE_VALUE_KEY: self._group.take_saved(self._component_name)}

    def _restore_from_tensors(self, restored_tensors):
        return self._group.give_restored(self._component_name, restored_tensors[_VARIABLE_VALUE_KEY])


class _SplitGroup:
    """The shared save and restore buffers of one ``split_dependency`` call."""

    def __init__(self, names, fill_save_buffer_fn, consume_restore_buffer_fn):
        self.names = tuple(names)
        self._fill = fill_save_buffer_fn
        self._consume = consume_restore_buffer_fn
        self._save_buffer: dict = {}
        self._restore_buffer: dict = {}

    def take_saved(self, name):
        if name not in self._save_buffer:
            if self._save_buffer:
                raise AssertionError(f"Split dependency {name} unsynchronized: split dependencies must be "
                                     "saved together.")
            self._fill(self._save_buffer)
            missing = [n for n in self.names if n not in self._save_buffer]
            if missing:
                raise ValueError(f"fill_save_buffer_fn did not provide the components {missing}")
        return self._save_buffer.pop(name)

    def give_restored(self, name, tensor):
        if name in self._restore_buffer:
            raise AssertionError(f"Split dependency {name} unsynchronized: split dependencies must be "
                                 "restored together.")
        self._restore_buffer[name] = tensor
        if len(self._restore_buffer) < len(self.names):
            return tf.no_op() if not tf.executing_eagerly() else None
        try:
            return self._consume(dict(self._restore_buffer))
        finally:
            self._restore_buffer.clear()


def split_dependency(component_names, component_dtypes, fill_save_buffer_fn, consume_restore_buffer_fn):
    """Several dependencies that are saved together and restored together (TF 1.15 signature).

    ``fill_save_buffer_fn(buffer)`` puts one tensor per component name into the empty dict it is given;
    ``consume_restore_buffer_fn(buffer)`` receives all restored components at once and applies them
    (returning a restore op in graph mode). Returns ``{component_name: trackable}``; make all of them
    dependencies of the same object.
    """
    component_names = list(component_names)
    component_dtypes = list(component_dtypes)
    if len(component_names) != len(component_dtypes):
        raise ValueError("component_names and component_dtypes must have the same length")
    group = _SplitGroup(component_names, fill_save_buffer_fn, consume_restore_buffer_fn)
    return {name: _SplitDependency(group, name, dtype) for name, dtype in zip(component_names, component_dtypes)}


# -- inspection ----------------------------------------------------------------------------------
def list_objects(root_trackable):
    """Every trackable reachable from ``root_trackable`` (itself first), breadth first."""
    return list(tf.train.TrackableView(root_trackable).descendants())


def object_metadata(save_path):
    """The object graph (a ``CheckpointableObjectGraph`` proto) stored in an object-based checkpoint."""
    reader = tf.train.load_checkpoint(save_path)
    if not reader.has_tensor(_OBJECT_GRAPH_KEY):
        raise ValueError(f'The checkpoint "{save_path}" has no object graph (key "{_OBJECT_GRAPH_KEY}"): it '
                         "was written by the TF1 name-based Saver, not by tf.train.Checkpoint.")
    graph = CheckpointableObjectGraph()
    graph.ParseFromString(reader.get_tensor(_OBJECT_GRAPH_KEY))
    return graph


def dot_graph_from_checkpoint(save_path):
    """Graphviz DOT text of a checkpoint's object graph: objects as nodes, dependency names on the edges,
    saved values with their checkpoint key, shape and dtype, slot variables as dotted edges."""
    reader = tf.train.load_checkpoint(save_path)
    graph = object_metadata(save_path)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    slot_node_ids = {slot.slot_variable_node_id for node in graph.nodes for slot in node.slot_variables}
    lines = ["digraph checkpoint {"]
    for node_id, node in enumerate(graph.nodes):
        if node.attributes:
            details = [f"{_dot_escape(a.full_name or a.checkpoint_key)} {list(shapes.get(a.checkpoint_key, []))} "
                       f"{dtypes[a.checkpoint_key].name if a.checkpoint_key in dtypes else '?'}"
                       for a in node.attributes]
            kind = "slot variable" if node_id in slot_node_ids else "value"
            lines.append(f'  n{node_id} [shape=box label="{kind}\\n' + "\\n".join(details) + '"];')
        elif node.slot_variables:
            lines.append(f'  n{node_id} [shape=ellipse color=red label="optimizer"];')
        else:
            lines.append(f'  n{node_id} [shape=ellipse label="{"root" if node_id == 0 else "object"}"];')
        for child in node.children:
            lines.append(f'  n{node_id} -> n{child.node_id} [label="{_dot_escape(child.local_name)}"];')
        for slot in node.slot_variables:
            lines.append(f'  n{node_id} -> n{slot.slot_variable_node_id} '
                         f'[label="{_dot_escape(slot.slot_name)}" style=dotted];')
            lines.append(f"  n{slot.original_variable_node_id} -> n{slot.slot_variable_node_id} [style=dotted];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# -- tfe.Saver -----------------------------------------------------------------------------------
class Saver:
    """``tf.contrib.eager.Saver``: name-based save/restore without a session, eagerly.

    ``var_list`` is a list of variables or a ``{name: variable}`` dict. Listed runtime variables are
    saved under their TF1 names (``rnn/basic_lstm_cell/kernel``), other variables under their own name.
    """

    def __init__(self, var_list):
        if not tf.executing_eagerly():
            raise RuntimeError("tfe.Saver can only be used when eager execution is enabled. Use "
                               "tf.compat.v1.train.Saver when building graphs.")
        self._saver = tf.compat.v1.train.Saver(var_list=_name_based_var_dict(var_list))

    def save(self, file_prefix, global_step=None):
        """Write the variables; returns the checkpoint prefix to pass to :meth:`restore`."""
        with tf.device("/device:CPU:0"):
            return self._saver.save(None, file_prefix, write_meta_graph=False, global_step=global_step)

    def restore(self, file_prefix):
        """Read the variables back from ``file_prefix``."""
        with tf.device("/device:CPU:0"):
            self._saver.restore(None, file_prefix)


def _name_based_var_dict(var_list) -> dict:
    if isinstance(var_list, dict):
        items = var_list.items()
    else:
        items = [(tf1_name(v) or _plain_name(v), v) for v in var_list]
    by_name: dict = {}
    for name, variable in items:
        if name in by_name:
            raise ValueError(f"two variables are saved under the name {name!r}")
        by_name[name] = _backing_variable(variable)
    return by_name


def _plain_name(variable) -> str:
    name = _backing_variable(variable).name
    return name[:-2] if name.endswith(":0") else name


def _backing_variable(variable):
    """A Keras 3 variable wraps the ``tf.Variable`` that the Saver can read and assign."""
    return variable if isinstance(variable, tf.Variable) else getattr(variable, "value", variable)
