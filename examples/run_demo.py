"""The end-to-end demo (`make demo`): a TF1 project trained on TF1 code, migrated, and shown to agree.

    python examples/run_demo.py [--steps 300] [--work out/demo] [--verbose]

Stages, each in its own process, on a fresh copy of examples/nmt_tf1 in WORK/nmt_tf1 (WORK is
recreated every run):

1. train the unmodified TF1 project under the legacy emulation
   (``python -m tf_seq2seq_migrate.legacy run train.py``): sessions, Saver, a TF1 checkpoint in nmt_tf1/ckpt;
2. translate with the unmodified TF1 ``infer.py`` (beam search) under the emulation;
3. copy the sources to WORK/nmt_tf2 and migrate them in place with the real ``tf-migrate`` command,
   printing the diff summary; no tf.contrib reference and no TODO may be left;
4. ``tf-migrate validate nmt_tf1``: the example is a fixture (model.py ``build(inputs, mode)``,
   fixture.toml); this run adds ``checkpoint = <the trained checkpoint>`` so the trained weights are
   compared, in training and inference mode, graph and eager;
5. run the migrated ``infer.py`` on plain TensorFlow 2 + Keras 3 (tf_keras blocked,
   TF_USE_LEGACY_KERAS unset) from the TF1 checkpoint of stage 1;
6. print both translation lists side by side with a verdict.

Exit status 0 only when every stage passed and the translations are identical; 1 otherwise.
WORK/summary.json records the stages, both translation lists and the verdict.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nmt_tf1"
PLAIN_TF2_RUNNER = ROOT / "examples" / "without_tf_keras.py"
SOURCES = ("data.py", "model.py", "train.py", "infer.py")
STAGE_TIMEOUT_S = 900

# TensorFlow's start-up chatter (C++ glog lines, CPU feature notes, Python deprecation logs): hidden
# unless --verbose.
_NOISE = re.compile(
    r"^([IWE]\d{4} \d\d:\d\d:\d\d"
    r"|WARNING: All log messages before absl::InitializeLog"
    r"|To enable the following instructions"
    r"|WARNING:tensorflow:"
    r"|WARNING:absl:"
    r"|Instructions for updating:)"
)
_TRANSLATION = re.compile(r"^(?P<source>\S.*?)\s+->(?:\s+(?P<target>.*))?$")  # an empty translation too


@dataclasses.dataclass(frozen=True)
class StageResult:
    name: str
    status: str  # "passed" or "failed"
    seconds: float
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Translation:
    source: str
    target: str


@dataclasses.dataclass(frozen=True)
class Comparison:
    rows: tuple[tuple[str, str, str], ...]  # (source, TF1 translation, migrated translation)
    identical: bool


def parse_translations(output: str) -> list[Translation]:
    """The ``source -> translation`` lines infer.py prints, in order."""
    found = []
    for line in output.splitlines():
        match = _TRANSLATION.match(line.rstrip())
        if match and not _NOISE.match(line):
            found.append(Translation(match["source"].strip(), (match["target"] or "").strip()))
    return found


def compare_translations(original: list[Translation], migrated: list[Translation]) -> Comparison:
    """Identical means the same sources in the same order with the same translations, and at least one."""
    rows = []
    for index in range(max(len(original), len(migrated))):
        left = original[index] if index < len(original) else None
        right = migrated[index] if index < len(migrated) else None
        source = (left or right).source
        if left and right and left.source != right.source:
            source = f"{left.source} | {right.source}"
        rows.append((source, left.target if left else "(missing)", right.target if right else "(missing)"))
    identical = bool(original) and original == migrated
    return Comparison(tuple(rows), identical)


class Demo:
    def __init__(self, work: Path, steps: int, verbose: bool):
        self.work = work
        self.steps = steps
        self.verbose = verbose
        self.original_dir = work / "nmt_tf1"  # the original, trained here
        self.migrated_dir = work / "nmt_tf2"  # the migrated copy
        self.stages: list[StageResult] = []
        self.last_unshown = ""
        self.total_stages = 6

    # -- output -----------------------------------------------------------------------------------

    def header(self, number: int, title: str) -> None:
        print(f"\n[{number}/{self.total_stages}] {title}", flush=True)

    def note(self, text: str) -> None:
        print(f"    {text}", flush=True)

    def record(self, name: str, status: str, started: float, detail: str = "") -> StageResult:
        result = StageResult(name, status, round(time.monotonic() - started, 1), detail)
        self.stages.append(result)
        mark = {"passed": "ok", "failed": "FAILED"}[status]
        suffix = f": {detail}" if detail else ""
        print(f"    -> {mark} in {result.seconds:.1f} s{suffix}", flush=True)
        return result

    # -- processes --------------------------------------------------------------------------------

    def run(self, command: list[str], cwd: Path, env: dict[str, str] | None = None,
            echo: bool = True) -> tuple[int, str]:
        """Run ``command``, streaming its non-noise lines indented; return (exit status, full output)."""
        child_env = dict(os.environ if env is None else env)
        child_env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        child_env["PYTHONUNBUFFERED"] = "1"
        lines: list[str] = []
        unshown: list[str] = []
        hidden = 0
        process = subprocess.Popen(command, cwd=cwd, env=child_env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, errors="replace")
        watchdog = threading.Timer(STAGE_TIMEOUT_S, process.kill)  # a hung stage must not hang the demo
        watchdog.start()
        try:
            for line in process.stdout:
                lines.append(line)
                if self.verbose or (echo and not _NOISE.match(line)):
                    print(f"      {line.rstrip()}", flush=True)
                else:
                    unshown.append(line)
                    hidden += bool(_NOISE.match(line))
            status = process.wait()
        finally:
            watchdog.cancel()
        if hidden and echo:
            print(f"      ({hidden} TensorFlow log lines hidden; --verbose shows them)", flush=True)
        # A streamed command has shown its errors already; a silent one keeps its output for show_failure.
        self.last_unshown = "" if echo else "".join(unshown)
        return status, "".join(lines)

    def show_failure(self) -> None:
        """The end of what the last command printed, when it ran silently (its output parsed, not shown)."""
        tail = self.last_unshown.splitlines()[-25:]
        if not tail:
            return
        print("    its output not shown above (last lines):", flush=True)
        for line in tail:
            print(f"      | {line}", flush=True)

    def legacy_run(self, script: str, *args: str) -> list[str]:
        return [sys.executable, "-m", "tf_seq2seq_migrate.legacy", "run", script, *args]

    # -- stages -----------------------------------------------------------------------------------

    def prepare(self) -> None:
        if self.work.exists():
            shutil.rmtree(self.work)
        self.original_dir.mkdir(parents=True)
        for name in (*SOURCES, "fixture.toml"):
            shutil.copy2(EXAMPLE / name, self.original_dir / name)
        print(f"work folder: {self.work} (fresh copy of {EXAMPLE.relative_to(ROOT)})", flush=True)

    def train(self) -> bool:
        self.header(1, f"Train the TF1 project under the emulation ({self.steps} steps)")
        self.note(f"$ python -m tf_seq2seq_migrate.legacy run train.py --steps {self.steps}   (in nmt_tf1/)")
        started = time.monotonic()
        status, _ = self.run(self.legacy_run("train.py", "--steps", str(self.steps)), self.original_dir)
        checkpoint = self.checkpoint_prefix()
        if status != 0 or checkpoint is None:
            self.show_failure()
            self.record("train", "failed", started, f"exit status {status}")
            return False
        self.record("train", "passed", started, f"TF1 checkpoint {checkpoint.relative_to(self.work)}")
        return True

    def checkpoint_prefix(self) -> Path | None:
        index = sorted((self.original_dir / "ckpt").glob("model.ckpt-*.index"))
        return index[-1].with_suffix("") if index else None

    def translate_original(self) -> list[Translation] | None:
        self.header(2, "Translate with the unmodified TF1 infer.py (beam search) under the emulation")
        self.note("$ python -m tf_seq2seq_migrate.legacy run infer.py --ckpt ckpt   (in nmt_tf1/)")
        started = time.monotonic()
        status, output = self.run(self.legacy_run("infer.py", "--ckpt", "ckpt"), self.original_dir)
        translations = parse_translations(output)
        if status != 0 or not translations:
            self.show_failure()
            self.record("infer_tf1", "failed", started, f"exit status {status}, {len(translations)} translations")
            return None
        self.record("infer_tf1", "passed", started, f"{len(translations)} translations")
        return translations

    def migrate(self) -> bool:
        self.header(3, "Migrate a copy of the sources with tf-migrate")
        self.migrated_dir.mkdir()
        for name in SOURCES:
            shutil.copy2(self.original_dir / name, self.migrated_dir / name)
        tool = tf_migrate_command()
        started = time.monotonic()
        self.note("$ tf-migrate --diff --format json nmt_tf2/   (summarised)")
        status, output = self.run([*tool, "--diff", "--format", "json", "."], self.migrated_dir, echo=False)
        try:
            report = json.loads(output[output.index("{"):])
        except ValueError:
            report = None
        if status not in (0, 1) or report is None:
            self.show_failure()
            self.record("migrate", "failed", started, f"tf-migrate --diff exit status {status}")
            return False
        for line in diff_summary(report):
            self.note(line)
        self.note("$ tf-migrate nmt_tf2/   (rewrite in place)")
        status, _ = self.run([*tool, "."], self.migrated_dir)
        leftovers = [place for name in SOURCES for place in contrib_leftovers(self.migrated_dir / name)]
        if status != 0 or leftovers:
            self.show_failure()
            detail = f"exit status {status}"
            if leftovers:
                detail += f"; left for a manual edit: {', '.join(leftovers)}"
            self.record("migrate", "failed", started, detail)
            return False
        self.record("migrate", "passed", started, "no tf.contrib left, no manual edits needed")
        return True

    def validate(self) -> bool:
        self.header(4, "Validate the migrated model against the TF1 original (trained weights)")
        checkpoint = self.checkpoint_prefix()
        spec = self.original_dir / "fixture.toml"
        relative = checkpoint.relative_to(self.original_dir).as_posix()
        # A top-level key has to precede the [inputs.*] tables.
        spec.write_text(f'checkpoint = "{relative}"\n' + spec.read_text())
        self.note(f"$ tf-migrate validate nmt_tf1/   (its fixture.toml + checkpoint = \"{relative}\")")
        started = time.monotonic()
        command = [*tf_migrate_command(), "validate", self.original_dir.name, "--work-dir", "validate"]
        status, output = self.run(command, self.work)
        if status != 0:
            if status == 2 and "not available in this installation" in output:
                self.record("validate", "failed", started, "tf-migrate validate is not available here")
            else:
                self.show_failure()
                self.record("validate", "failed", started, f"exit status {status}")
            return False
        self.record("validate", "passed", started, "every output within tolerance")
        return True

    def translate_migrated(self) -> list[Translation] | None:
        self.header(5, f"Translate with the migrated infer.py on plain {plain_tf2_versions()}")
        self.note(f"$ python infer.py --ckpt ../{self.original_dir.name}/ckpt   (in nmt_tf2/; tf_keras blocked, "
                  "TF_USE_LEGACY_KERAS unset)")
        env = {key: value for key, value in os.environ.items() if key != "TF_USE_LEGACY_KERAS"}
        started = time.monotonic()
        command = [sys.executable, str(PLAIN_TF2_RUNNER), "infer.py", "--ckpt", f"../{self.original_dir.name}/ckpt"]
        status, output = self.run(command, self.migrated_dir, env=env)
        translations = parse_translations(output)
        if status != 0 or not translations:
            self.show_failure()
            self.record("infer_tf2", "failed", started, f"exit status {status}, {len(translations)} translations")
            return None
        self.record("infer_tf2", "passed", started, f"{len(translations)} translations from the TF1 checkpoint")
        return translations

    def compare(self, original: list[Translation], migrated: list[Translation]) -> Comparison:
        self.header(6, "Compare the translations")
        comparison = compare_translations(original, migrated)
        for line in side_by_side(comparison):
            print(f"    {line}", flush=True)
        return comparison


def side_by_side(comparison: Comparison) -> list[str]:
    """Aligned columns: source, TF1 translation, migrated translation, and whether the two agree."""
    table = [("source", "TF1 (emulation)", "TF2 (migrated)", "")]
    table += [(*row, "same" if row[1] == row[2] else "DIFFERENT") for row in comparison.rows]
    widths = [max(len(row[column]) for row in table) for column in range(3)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths + [0])).rstrip() for row in table]


def tf_migrate_command() -> list[str]:
    """The installed ``tf-migrate`` console script next to this interpreter (the real CLI)."""
    script = Path(sys.executable).with_name("tf-migrate")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from tf_seq2seq_migrate.cli import main; sys.exit(main())"]


def contrib_leftovers(path: Path) -> list[str]:
    """``file:line`` of every ``tensorflow.contrib`` reference in code and every tf-migrate TODO comment
    (docstrings may still mention contrib)."""
    text = path.read_text(encoding="utf-8")
    places = {number for number, line in enumerate(text.splitlines(), 1) if "TODO(tf-migrate)" in line}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import) and any("contrib" in alias.name.split(".") for alias in node.names):
            places.add(node.lineno)
        elif isinstance(node, ast.ImportFrom) and "contrib" in (node.module or "").split("."):
            places.add(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "contrib":
            places.add(node.lineno)
    return [f"{path.name}:{number}" for number in sorted(places)]


def plain_tf2_versions() -> str:
    try:
        return (f"TensorFlow {importlib.metadata.version('tensorflow')} + "
                f"Keras {importlib.metadata.version('keras')}")
    except importlib.metadata.PackageNotFoundError:
        return "TensorFlow 2 + Keras 3"


def diff_summary(report: dict) -> list[str]:
    """Per changed file: lines added/removed and the rules that fired; then the totals."""
    lines = []
    for entry in report.get("files", []):
        if entry.get("status") != "changed":
            reason = f" ({entry['reason']})" if entry.get("reason") else ""
            lines.append(f"{entry['path']:<10} unchanged{reason}")
            continue
        diff = (entry.get("diff") or "").splitlines()
        added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
        counts: dict[str, int] = {}
        for finding in entry.get("findings", []):
            counts[finding["rule_id"]] = counts.get(finding["rule_id"], 0) + 1
        rules = ", ".join(f"{rule} x{count}" if count > 1 else rule for rule, count in sorted(counts.items()))
        lines.append(f"{entry['path']:<10} +{added} -{removed}  {rules}")
    summary = report.get("summary", {})
    lines.append(f"{summary.get('changed', 0)} of {summary.get('files', 0)} files change; "
                 f"{summary.get('fixed', 0)} of {summary.get('findings', 0)} findings fixed automatically")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=300, help="training steps (default 300)")
    parser.add_argument("--work", type=Path, default=ROOT / "out" / "demo",
                        help="work folder, deleted and recreated (default out/demo)")
    parser.add_argument("--verbose", action="store_true", help="also show TensorFlow's log lines")
    args = parser.parse_args(argv)

    started = time.monotonic()
    demo = Demo(args.work.resolve(), args.steps, args.verbose)
    print("tf-migrate demo: train a TF1 seq2seq project, migrate it, and check the migrated program "
          "translates the same", flush=True)
    demo.prepare()

    original = migrated = None
    if demo.train():
        original = demo.translate_original()
    if original is not None and demo.migrate():
        demo.validate()  # reported; stage 5 still runs so a failure here can be compared with the outputs
        migrated = demo.translate_migrated()

    comparison = compare_translations(original or [], migrated or [])
    if original is not None and migrated is not None:
        comparison = demo.compare(original, migrated)
    failed = [stage.name for stage in demo.stages if stage.status != "passed"]
    if comparison.identical:
        verdict = "identical"
    elif original is None or migrated is None:
        verdict = "not compared"
    else:
        verdict = "DIFFERENT"
    total = time.monotonic() - started

    explanation = {
        "identical": f"the TF1 program and the migrated program translate all {len(comparison.rows)} sentences alike",
        "DIFFERENT": "the TF1 program and the migrated program translate differently",
        "not compared": "the TF1 program or the migrated program did not run",
    }[verdict]
    print(f"\nverdict: {verdict} ({explanation})", flush=True)
    if failed:
        print(f"failed stages: {', '.join(failed)}", flush=True)
    print(f"total time: {total:.1f} s", flush=True)

    summary = {
        "verdict": verdict,
        "identical": comparison.identical,
        "stages": [dataclasses.asdict(stage) for stage in demo.stages],
        "tf1_translations": [dataclasses.asdict(item) for item in original or []],
        "tf2_translations": [dataclasses.asdict(item) for item in migrated or []],
        "total_seconds": round(total, 1),
        "steps": args.steps,
    }
    (demo.work / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0 if comparison.identical and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
