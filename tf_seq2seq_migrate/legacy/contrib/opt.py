"""``tf.contrib.opt`` under the emulation: the optimizers the runtime ports (``runtime.opt``).

LazyAdamOptimizer, AdamWOptimizer, MomentumWOptimizer, DecoupledWeightDecayExtension and
extend_with_decoupled_weight_decay; contrib.opt's other optimizers are out of scope and say so.
"""

from tf_seq2seq_migrate.runtime.opt import (  # noqa: F401
    AdamWOptimizer,
    DecoupledWeightDecayExtension,
    LazyAdamOptimizer,
    MomentumWOptimizer,
    extend_with_decoupled_weight_decay,
)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.opt.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.opt it provides LazyAdamOptimizer, AdamWOptimizer, MomentumWOptimizer, "
                         "DecoupledWeightDecayExtension and extend_with_decoupled_weight_decay.")
