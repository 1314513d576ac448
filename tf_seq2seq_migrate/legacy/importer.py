"""Import machinery of the emulation: ``tensorflow.contrib.*`` modules and the per-importer facade.

See the package docstring for why both a ``sys.meta_path`` finder and an ``__import__`` wrapper are
needed.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.abc
import importlib.machinery
import sys
import types

from tf_seq2seq_migrate.legacy.contrib import out_of_scope_message

__all__ = ["ContribFinder", "AliasModule", "install_import_hooks", "LIBRARY_PACKAGES", "MODULE_ALIASES"]

_LEGACY = "tf_seq2seq_migrate.legacy.contrib"
_RUNTIME = "tf_seq2seq_migrate.runtime"

# ``tensorflow.contrib...`` module -> the module backing it; None is an empty intermediate package.
MODULE_ALIASES: dict[str, str | None] = {
    "tensorflow.contrib": _LEGACY,
    "tensorflow.contrib.seq2seq": f"{_LEGACY}.seq2seq",
    "tensorflow.contrib.seq2seq.python": None,
    "tensorflow.contrib.seq2seq.python.ops": None,
    "tensorflow.contrib.seq2seq.python.ops.attention_wrapper": f"{_RUNTIME}.seq2seq.attention_wrapper",
    "tensorflow.contrib.seq2seq.python.ops.basic_decoder": f"{_RUNTIME}.seq2seq.basic_decoder",
    "tensorflow.contrib.seq2seq.python.ops.beam_search_decoder": f"{_RUNTIME}.seq2seq.beam_search_decoder",
    "tensorflow.contrib.seq2seq.python.ops.beam_search_ops": f"{_RUNTIME}.seq2seq.beam_search_ops",
    "tensorflow.contrib.seq2seq.python.ops.decoder": f"{_RUNTIME}.seq2seq.decoder",
    "tensorflow.contrib.seq2seq.python.ops.helper": f"{_RUNTIME}.seq2seq.helper",
    "tensorflow.contrib.seq2seq.python.ops.loss": f"{_RUNTIME}.seq2seq.loss",
    "tensorflow.contrib.legacy_seq2seq": f"{_LEGACY}.legacy_seq2seq",
    "tensorflow.contrib.legacy_seq2seq.python": None,
    "tensorflow.contrib.legacy_seq2seq.python.ops": None,
    "tensorflow.contrib.legacy_seq2seq.python.ops.seq2seq": f"{_LEGACY}.legacy_seq2seq",
    # contrib.rnn's implementation modules all resolve to the one contrib.rnn namespace, whose TF1
    # cells are tf_keras's real ones and whose contrib-only cells come from the runtime.
    "tensorflow.contrib.rnn": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.core_rnn_cell": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.python": None,
    "tensorflow.contrib.rnn.python.ops": None,
    "tensorflow.contrib.rnn.python.ops.core_rnn_cell": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.python.ops.rnn_cell": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.python.ops.rnn": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.python.ops.lstm_ops": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.python.ops.gru_ops": f"{_LEGACY}.rnn",
    "tensorflow.contrib.rnn.python.ops.fused_rnn_cell": f"{_LEGACY}.rnn",
    "tensorflow.contrib.checkpoint": f"{_LEGACY}.checkpoint",
    "tensorflow.contrib.checkpoint.python": f"{_LEGACY}.checkpoint",
    "tensorflow.contrib.framework": f"{_LEGACY}.framework",
    "tensorflow.contrib.framework.nest": f"{_LEGACY}.framework_nest",
    "tensorflow.contrib.framework.python": None,
    "tensorflow.contrib.eager": f"{_LEGACY}.eager",
    "tensorflow.contrib.eager.python": f"{_LEGACY}.eager",
    "tensorflow.contrib.eager.python.tfe": f"{_LEGACY}.eager",
    # HParams (also through its implementation module) and the lookup tables come from the runtime.
    "tensorflow.contrib.training": f"{_LEGACY}.training",
    "tensorflow.contrib.training.python": None,
    "tensorflow.contrib.training.python.training": None,
    "tensorflow.contrib.training.python.training.hparam": f"{_RUNTIME}.hparams",
    "tensorflow.contrib.lookup": f"{_LEGACY}.lookup",
    "tensorflow.contrib.lookup.lookup_ops": f"{_LEGACY}.lookup",
    # The contrib.layers functions the runtime ports, also through their implementation modules.
    "tensorflow.contrib.layers": f"{_LEGACY}.layers",
    "tensorflow.contrib.layers.python": None,
    "tensorflow.contrib.layers.python.layers": f"{_LEGACY}.layers",
    "tensorflow.contrib.layers.python.layers.layers": f"{_LEGACY}.layers",
    "tensorflow.contrib.layers.python.layers.initializers": f"{_LEGACY}.layers",
    "tensorflow.contrib.layers.python.layers.regularizers": f"{_LEGACY}.layers",
    "tensorflow.contrib.layers.python.layers.encoders": f"{_LEGACY}.layers",
    # slim's re-exports of those and of contrib.framework's variable helpers and arg_scope.
    "tensorflow.contrib.slim": f"{_LEGACY}.slim",
    # tf.contrib.data / learn (ModeKeys) / opt: what tensorflow/nmt-style input pipelines and training use.
    "tensorflow.contrib.data": f"{_LEGACY}.data",
    "tensorflow.contrib.learn": f"{_LEGACY}.learn",
    "tensorflow.contrib.opt": f"{_LEGACY}.opt",
    "tensorflow.contrib.data.python": None,
    "tensorflow.contrib.data.python.ops": None,
    "tensorflow.contrib.data.python.ops.batching": f"{_LEGACY}.data",
    "tensorflow.contrib.data.python.ops.grouping": f"{_LEGACY}.data",
    "tensorflow.contrib.data.python.ops.interleave_ops": f"{_LEGACY}.data",
    "tensorflow.contrib.opt.python": None,
    "tensorflow.contrib.opt.python.training": None,
    "tensorflow.contrib.opt.python.training.lazy_adam_optimizer": f"{_LEGACY}.opt",
    "tensorflow.contrib.opt.python.training.weight_decay_optimizers": f"{_LEGACY}.opt",
    # The cuDNN layers and compatible cells (as stacks of cells under their canonical names).
    "tensorflow.contrib.cudnn_rnn": f"{_LEGACY}.cudnn_rnn",
    "tensorflow.contrib.cudnn_rnn.python": None,
    "tensorflow.contrib.cudnn_rnn.python.layers": f"{_LEGACY}.cudnn_rnn",
    "tensorflow.contrib.cudnn_rnn.python.layers.cudnn_rnn": f"{_LEGACY}.cudnn_rnn",
}

# Modules of these top-level packages get the real TF2 ``tensorflow`` from ``import tensorflow``.
LIBRARY_PACKAGES = frozenset({
    "tensorflow", "tf_keras", "keras", "tensorboard", "tensorflow_estimator", "tensorflow_io_gcs_filesystem",
    "tf_seq2seq_migrate", "google", "absl", "numpy", "h5py", "ml_dtypes", "optree", "rich", "namex",
})


class AliasModule(types.ModuleType):
    """A ``tensorflow.contrib...`` module whose attributes are those of its backing module.

    Contrib-level modules (``tensorflow.contrib``) also import their in-scope submodules on attribute
    access (``tf.contrib.seq2seq`` without an explicit import), as TF1's lazy loaders did.
    """

    def __init__(self, name: str, target: types.ModuleType | None):
        super().__init__(name)
        self.__dict__["_alias_target"] = target
        self.__path__ = []  # a package, so that private sub-paths import

    def __getattr__(self, name):
        target = self.__dict__["_alias_target"]
        if name.startswith("__"):
            raise AttributeError(name)
        full_name = f"{self.__name__}.{name}"
        if full_name in MODULE_ALIASES:
            return importlib.import_module(full_name)
        if target is not None:
            return getattr(target, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __dir__(self):
        target = self.__dict__["_alias_target"]
        names = set(dir(target)) if target is not None else set()
        prefix = self.__name__ + "."
        names |= {key[len(prefix):] for key in MODULE_ALIASES
                  if key.startswith(prefix) and "." not in key[len(prefix):]}
        return sorted(names)


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target_name: str | None):
        self._target_name = target_name

    def create_module(self, spec):
        target = importlib.import_module(self._target_name) if self._target_name else None
        return AliasModule(spec.name, target)

    def exec_module(self, module):
        return None


class ContribFinder(importlib.abc.MetaPathFinder):
    """Serves ``tensorflow.contrib`` and its in-scope submodules; refuses the rest by name."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow.contrib" and not fullname.startswith("tensorflow.contrib."):
            return None
        if fullname in MODULE_ALIASES:
            return importlib.machinery.ModuleSpec(fullname, _AliasLoader(MODULE_ALIASES[fullname]),
                                                  is_package=True)
        top = ".".join(fullname.split(".")[:3])
        if top not in MODULE_ALIASES:
            # Not a ModuleNotFoundError: `from tensorflow.contrib import layers` must show this message.
            raise ImportError(out_of_scope_message(top.split(".")[2]), name=fullname)
        return None  # an unknown private path of an in-scope module: the usual "No module named"


def _is_library_importer(importer_globals) -> bool:
    if not importer_globals:
        return False
    module_name = importer_globals.get("__name__") or ""
    return module_name.split(".", 1)[0] in LIBRARY_PACKAGES


def install_import_hooks(facades: dict[int, types.ModuleType]) -> None:
    """Put the contrib finder first on ``sys.meta_path`` and answer user code's ``import tensorflow``
    statements with the facade. ``facades`` maps ``id(real module)`` to the module user code gets."""
    if not any(isinstance(finder, ContribFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, ContribFinder())
    original_import = builtins.__import__
    if getattr(original_import, "_tf1_emulation", False):
        return

    def tf1_import(name, globals=None, locals=None, fromlist=(), level=0):
        module = original_import(name, globals, locals, fromlist, level)
        if level == 0 and name.startswith("tensorflow") and not _is_library_importer(globals):
            return facades.get(id(module), module)
        return module

    tf1_import._tf1_emulation = True
    builtins.__import__ = tf1_import
