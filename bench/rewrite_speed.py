"""Rewrite speed: tf-migrate against TensorFlow's own tf_upgrade_v2, as whole processes.

    python bench/rewrite_speed.py [--files 320] [--lines 50000] [--repeat 9] [--keep DIR]

Builds a synthetic tree (about 50,000 lines in 320 files; a third use tf.contrib in varied
spellings, the rest plain TF1 or plain Python), then measures, each as a separate process:

1. ``tf-migrate TREE`` (rewrite in place, default jobs) on one copy;
2. tf_upgrade_v2's library (``ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())``,
   file by file through ``process_file``) on another copy; the time includes importing
   TensorFlow, as running the tool does; the time after the import is printed as well;
3. ``tf-migrate --check CLEAN_FILE`` several times, median wall time, interpreter start included;
4. throughput on the files that need rewriting: ``tf-migrate --jobs 1`` on a tree of only those
   files, interpreter start included, and ``migrate_source`` alone on the same files in one process.

Wall times suffer when other work shares the machine; CPU times (the process and its workers)
do not, so both are printed.

Targets: speed-up >= 5x, clean-file check < 150 ms, >= 10,000 lines/s per core.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TF_MIGRATE = Path(sys.executable).with_name("tf-migrate")

# Each entry: (imports at the top, body lines using them). Spellings differ on purpose.
CONTRIB_SPELLINGS = [
    (
        ["import tensorflow as tf"],
        [
            "def build_decoder(cell, helper, initial_state):",
            "    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, initial_state)",
            "    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=50)",
            "    return outputs, state, lengths",
        ],
    ),
    (
        ["from tensorflow.contrib import seq2seq"],
        [
            "def make_attention(memory, lengths, units=128):",
            "    mechanism = seq2seq.BahdanauAttention(units, memory, memory_sequence_length=lengths)",
            "    helper = seq2seq.TrainingHelper(memory, lengths)",
            "    return mechanism, helper",
        ],
    ),
    (
        ["import tensorflow.contrib.seq2seq as s2s"],
        [
            "def wrap(cell, mechanism):",
            "    return s2s.AttentionWrapper(cell, mechanism, attention_layer_size=64)",
        ],
    ),
    (
        ["from tensorflow.contrib.seq2seq import BasicDecoder, dynamic_decode"],
        [
            "def decode(cell, helper, state):",
            "    return dynamic_decode(BasicDecoder(cell, helper, state))",
        ],
    ),
    (
        ["from tensorflow.contrib.seq2seq.python.ops import attention_wrapper"],
        [
            "def wrap_private(cell, mechanism):",
            "    return attention_wrapper.AttentionWrapper(cell, mechanism)",
        ],
    ),
    (
        ["import tensorflow as tf"],
        [
            "def encoder_cell(units):",
            "    from tensorflow.contrib import rnn",
            "    return rnn.MultiRNNCell([rnn.LSTMCell(units), tf.contrib.rnn.GRUCell(units)])",
        ],
    ),
    (
        ["try:", "    from tensorflow.contrib import seq2seq as contrib_seq2seq", "except ImportError:",
         "    contrib_seq2seq = None"],
        [
            "def maybe_helper(inputs, lengths):",
            "    if contrib_seq2seq is None:",
            "        return None",
            "    return contrib_seq2seq.TrainingHelper(inputs, lengths)",
        ],
    ),
    (
        ["import tensorflow as tf"],
        [
            "def legacy_model(encoder_inputs, decoder_inputs, cell):",
            "    return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(",
            "        encoder_inputs, decoder_inputs, cell, num_encoder_symbols=100,",
            "        num_decoder_symbols=100, embedding_size=32)",
        ],
    ),
    (
        ["import tensorflow as tf"],
        [
            "def track(model):",
            "    state = tf.contrib.checkpoint.NumpyState()",
            "    return tf.contrib.eager.Checkpoint(model=model, state=state)",
        ],
    ),
]

PLAIN_TF1_BODY = [
    "import tensorflow as tf",
    "",
    "",
    "def graph_{n}(batch_size, units):",
    '    inputs = tf.placeholder(tf.float32, [batch_size, units], name="inputs_{n}")',
    "    hidden = tf.layers.dense(inputs, units, activation=tf.nn.relu)",
    "    loss = tf.reduce_mean(tf.square(hidden))",
    "    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)",
    "    with tf.Session() as session:",
    "        session.run(tf.global_variables_initializer())",
    "        return session.run([loss, train_op], {{inputs: [[0.0] * units] * batch_size}})",
]


def filler_block(rng: random.Random, n: int) -> list[str]:
    """A plain Python function of ~14 lines: loops, dicts, strings, comprehension."""
    name = f"helper_{n}_{rng.randrange(10_000)}"
    return [
        "",
        "",
        f"def {name}(items, scale={rng.randint(1, 9)}):",
        f'    """Aggregate items ({n}) and return a summary dict."""',
        "    totals = {}",
        "    for index, item in enumerate(items):",
        "        key = f\"{item!r}-{index % 7}\"",
        "        totals[key] = totals.get(key, 0) + index * scale",
        "        if index and index % 3 == 0:",
        "            totals[key] -= 1  # keep the sum bounded",
        "    ordered = sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))",
        f"    top = [key for key, value in ordered[:{rng.randint(2, 8)}] if value > 0]",
        "    return {\"count\": len(items), \"top\": top, \"total\": sum(totals.values())}",
    ]


@dataclasses.dataclass(frozen=True)
class TreeStats:
    files: int
    lines: int
    contrib_files: tuple[str, ...]
    contrib_lines: int


def build_tree(root: Path, *, files: int, target_lines: int, seed: int = 0) -> TreeStats:
    rng = random.Random(seed)
    per_file = max(20, target_lines // files)
    total = contrib_lines = 0
    contrib: list[str] = []
    for index in range(files):
        folder = root / f"pkg_{index % 12:02d}" / f"sub_{index % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = index % 3  # 0: contrib, 1: plain TF1, 2: plain Python
        lines: list[str] = [f'"""Synthetic module {index}."""', "", "import collections", "import os"]
        if kind == 0:
            for spelling in rng.sample(CONTRIB_SPELLINGS, k=rng.randint(1, 3)):
                imports, body = spelling
                lines[2:2] = imports
                lines += ["", "", *body]
        elif kind == 1:
            lines += [line.format(n=index) for line in PLAIN_TF1_BODY]
        block = 0
        while len(lines) < per_file:
            lines += filler_block(rng, block)
            block += 1
        path = folder / f"module_{index:04d}.py"
        path.write_text("\n".join(lines) + "\n")
        total += len(lines)
        if kind == 0:
            contrib.append(str(path.relative_to(root)))
            contrib_lines += len(lines)
    return TreeStats(files=files, lines=total, contrib_files=tuple(contrib), contrib_lines=contrib_lines)


@dataclasses.dataclass(frozen=True)
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # user + system seconds of the process and every worker it waited for

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s wall, {self.cpu:6.2f} s CPU"


def timed(command: list[str], **kwargs) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    """Run a whole process; CPU time counts its workers too, and is not inflated by other load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu), completed


UPGRADE_SCRIPT = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2
imported = time.perf_counter()
root = Path(sys.argv[1])
upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())
count = 0
for path in sorted(root.rglob("*.py")):
    upgrader.process_file(str(path), str(path))
    count += 1
done = time.perf_counter()
print(f"{count} {imported - started:.3f} {done - imported:.3f}")
"""


ENGINE_SCRIPT = """
import sys, time
from pathlib import Path
from tf_seq2seq_migrate.api import migrate_source
sources = [path.read_bytes() for path in sorted(Path(sys.argv[1]).rglob("*.py"))]
migrate_source(sources[0])  # rule tables loaded and code paths warm before the clock starts
started = time.process_time()
changed = sum(migrate_source(source).changed for source in sources)
print(f"{changed} {time.process_time() - started:.4f}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=320)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=9, help="runs of the clean-file check")
    parser.add_argument("--keep", type=Path, help="build the trees here and keep them")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="tf-migrate-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "source"
    shutil.rmtree(source, ignore_errors=True)
    stats = build_tree(source, files=args.files, target_lines=args.lines)
    copies = {}
    for name in ("tf_migrate", "tf_upgrade_v2"):
        copies[name] = work / name
        shutil.rmtree(copies[name], ignore_errors=True)
        shutil.copytree(source, copies[name])
    only_contrib = work / "contrib_only"
    source_only_contrib = work / "contrib_only_source"  # untouched, for the in-process measurement
    for folder in (only_contrib, source_only_contrib):
        shutil.rmtree(folder, ignore_errors=True)
        for relative in stats.contrib_files:
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, folder / relative)
    clean_file = work / "clean.py"
    clean_file.write_text((source / "pkg_02" / "sub_2" / "module_0002.py").read_text())

    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    print(f"tree: {stats.files} files, {stats.lines} lines; {len(stats.contrib_files)} files "
          f"({stats.contrib_lines} lines) use tf.contrib; {cores} cores; load average {load:.1f}; "
          f"Python {sys.version.split()[0]}")

    migrate_time, migrate = timed([str(TF_MIGRATE), str(copies["tf_migrate"])])
    summary = (migrate.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"tf-migrate (rewrite, jobs={cores}):   {migrate_time}  exit {migrate.returncode}  {summary}")

    upgrade_time, upgrade = timed([sys.executable, "-c", UPGRADE_SCRIPT, str(copies["tf_upgrade_v2"])])
    if upgrade.returncode != 0:
        print(f"tf_upgrade_v2 failed:\n{upgrade.stderr[-2000:]}")
        return 1
    count, import_s, convert_s = upgrade.stdout.split()[-3:]
    print(f"tf_upgrade_v2 (library, 1 process): {upgrade_time}  ({count} files; TensorFlow import "
          f"{float(import_s):.2f} s, conversion {float(convert_s):.2f} s wall)")
    print(f"speed-up (target >= 5x): {upgrade_time.wall / migrate_time.wall:.1f}x wall, "
          f"{upgrade_time.cpu / migrate_time.cpu:.1f}x CPU; "
          f"{float(convert_s) / migrate_time.wall:.1f}x against tf_upgrade_v2's conversion alone (wall)")

    check_times = []
    for _ in range(args.repeat):
        seconds, check = timed([str(TF_MIGRATE), "--check", str(clean_file)])
        check_times.append(seconds)
        if check.returncode != 0:
            print(f"tf-migrate --check {clean_file} exited {check.returncode}:\n{check.stdout}{check.stderr}")
    walls = [timing.wall * 1000 for timing in check_times]
    cpus = [timing.cpu * 1000 for timing in check_times]
    print(f"tf-migrate --check clean file (target < 150 ms): median {statistics.median(walls):.0f} ms wall "
          f"(min {min(walls):.0f}, max {max(walls):.0f}), median {statistics.median(cpus):.0f} ms CPU; "
          f"{args.repeat} runs, interpreter start included")

    throughput_time, throughput = timed([str(TF_MIGRATE), "--jobs", "1", str(only_contrib)])
    print(f"rewrite throughput on files needing it (target >= 10,000 lines/s per core): "
          f"{stats.contrib_lines / throughput_time.wall:,.0f} lines/s wall, "
          f"{stats.contrib_lines / throughput_time.cpu:,.0f} lines/s per CPU second "
          f"({stats.contrib_lines} lines, --jobs 1, process start included; exit {throughput.returncode})")
    _, engine = timed([sys.executable, "-c", ENGINE_SCRIPT, str(source_only_contrib)])
    changed, cpu_seconds = engine.stdout.split()[-2:]
    print(f"rewriter alone (migrate_source in one process, after imports): "
          f"{stats.contrib_lines / float(cpu_seconds):,.0f} lines/s per CPU second ({changed} files changed)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
