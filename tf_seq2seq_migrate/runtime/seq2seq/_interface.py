"""Abstract-base metaclass whose instantiation error says which hooks a user subclass still lacks.

TF1 users subclass ``Helper`` and ``Decoder`` (Tacotron-style helpers, custom decoders). Python's own
``Can't instantiate abstract class`` message names the methods but not where they come from or what
they must return; this one names the base class, each missing hook and its TF1 signature.
"""

from __future__ import annotations

import abc

__all__ = ["InterfaceMeta"]


class InterfaceMeta(abc.ABCMeta):
    """``abc.ABCMeta`` with a clearer error when a subclass leaves abstract hooks unimplemented.

    A base class lists its hooks' documented signatures in ``_HOOK_SIGNATURES`` (name -> text).
    """

    def __call__(cls, *args, **kwargs):
        missing = sorted(getattr(cls, "__abstractmethods__", ()))
        if missing:
            raise TypeError(_missing_hooks_message(cls, missing))
        return super().__call__(*args, **kwargs)


def _missing_hooks_message(cls, missing) -> str:
    base = _interface_base(cls)
    signatures = getattr(base, "_HOOK_SIGNATURES", {})
    described = "; ".join(f"{name}: {signatures.get(name, name)}" for name in missing)
    noun = "method" if len(missing) == 1 else "methods"
    return (f"Can't instantiate {cls.__name__}: it does not implement the abstract {base.__name__} {noun} "
            f"{', '.join(missing)}. Implement {described}.")


def _interface_base(cls):
    """The outermost class in the MRO that declares hook signatures (``Helper``, ``Decoder``)."""
    declaring = [klass for klass in cls.__mro__ if "_HOOK_SIGNATURES" in vars(klass)]
    return declaring[-1] if declaring else cls
