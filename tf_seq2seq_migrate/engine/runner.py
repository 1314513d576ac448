"""Runs the rewrite over many files: per-file isolation, optional process pool, diffs, atomic writes.

Only the prefilter is imported up front: libcst, the rule tables, difflib and the process pool are
loaded when a file needs them, so checking clean files costs little more than starting Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from tf_seq2seq_migrate.api import FileResult, Options, Report, Status
from tf_seq2seq_migrate.engine.discovery import discover
from tf_seq2seq_migrate.engine.prefilter import may_need_rewrite

if TYPE_CHECKING:
    from tf_seq2seq_migrate.api import Result

SKIP_REASON = "no TensorFlow 1 names the rules know"
# Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 4
MAX_BATCH = 32

OnResult = Callable[[FileResult], None]


def display_path(path: Path) -> str:
    return path.as_posix()


def rewrite_source(data: bytes, path: str, skip_rules: Sequence[str]) -> Result:
    """The engine's rewrite, imported on the first file the prefilter keeps."""
    from tf_seq2seq_migrate.engine.rewrite import rewrite_source as rewrite

    return rewrite(data, path=path, skip_rules=skip_rules)


def _describe_os_error(error: OSError) -> str:
    from tf_seq2seq_migrate.engine.writer import describe_os_error

    return describe_os_error(error)


def _decode_for_diff(data: bytes) -> str:
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    return data.decode(encoding, errors="replace")


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    import difflib

    old = _decode_for_diff(before).splitlines(keepends=True)
    new = _decode_for_diff(after).splitlines(keepends=True)
    # git-style a/ b/ prefixes for relative paths, so `git apply` takes the output.
    before_name, after_name = (path, path) if path.startswith("/") else (f"a/{path}", f"b/{path}")
    lines = []
    for line in difflib.unified_diff(old, new, fromfile=before_name, tofile=after_name):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


def process_file(path: Path, options: Options) -> FileResult:
    """Everything for one file; never raises (an unexpected error becomes a FAILED result)."""
    shown = display_path(path)
    try:
        early, data = _read_and_prefilter(path, shown)
        return early if early is not None else _rewrite_file(path, shown, data, options)
    except Exception as error:  # isolation: one bad file must not stop the run
        return _internal_error(shown, error)


def _internal_error(shown: str, error: Exception) -> FileResult:
    return FileResult(path=shown, status=Status.FAILED, reason=f"internal error: {type(error).__name__}: {error}")


def _read_and_prefilter(path: Path, shown: str) -> tuple[FileResult | None, bytes]:
    """The file's bytes, or its final result when it cannot be read or cannot need a rewrite."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileResult(path=shown, status=Status.FAILED, reason=f"cannot read: {_describe_os_error(error)}"), b""
    if not may_need_rewrite(data):
        return FileResult(path=shown, status=Status.SKIPPED, reason=SKIP_REASON), data
    return None, data


def _rewrite_file(path: Path, shown: str, data: bytes, options: Options) -> FileResult:
    result = rewrite_source(data, path=shown, skip_rules=options.skip_rules)
    if result.error is not None:
        return FileResult(path=shown, status=Status.FAILED, findings=result.findings, reason=result.error)
    if not result.changed:
        return FileResult(path=shown, status=Status.UNCHANGED, findings=result.findings)
    diff = unified_diff(shown, result.source, result.output) if options.want_diff else ""
    if options.write:
        from tf_seq2seq_migrate.engine.writer import atomic_write

        problem = atomic_write(path, result.output)
        if problem is not None:
            return FileResult(path=shown, status=Status.FAILED, findings=result.findings, reason=problem, diff=diff)
    return FileResult(path=shown, status=Status.CHANGED, findings=result.findings, diff=diff)


def _process_batch(paths: Sequence[str], options: Options) -> list[FileResult]:
    """A worker's share: paths only (the worker reads them again), so no run holds a tree in memory."""
    return [process_file(Path(text), options) for text in paths]


def _batches(paths: Sequence[str], jobs: int) -> list[list[str]]:
    size = max(1, min(MAX_BATCH, len(paths) // (jobs * 4)))
    return [list(paths[start : start + size]) for start in range(0, len(paths), size)]


def run_files(files: Sequence[Path], options: Options, on_result: OnResult | None = None) -> Report:
    """Process ``files``; ``on_result`` is called in this process as each one finishes.

    The report lists files in the order given (discovery sorts them), whatever order they finish in.
    """
    files = [Path(f) for f in files]
    jobs = max(1, options.jobs)
    if jobs == 1 or len(files) < MIN_FILES_PER_WORKER * 2:
        return Report(files=tuple(_run_serial(files, options, on_result)))
    return Report(files=tuple(_run_parallel(files, options, jobs, on_result)))


def _run_serial(files: list[Path], options: Options, on_result: OnResult | None) -> list[FileResult]:
    import gc

    results = []
    frozen = False
    try:
        for index, path in enumerate(files):
            result = process_file(path, options)
            if not frozen and result.status is not Status.SKIPPED and len(files) - index > MIN_FILES_PER_WORKER:
                # The engine and its tables are loaded now: the collector need not scan them for the rest.
                frozen = _freeze_heap()
            if on_result is not None:
                on_result(result)
            results.append(result)
    finally:
        if frozen:
            gc.unfreeze()
    return results


def _freeze_heap() -> bool:
    """Move every object alive now out of the collector's reach; False when a caller froze some already
    (never thaw what someone else froze)."""
    import gc

    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def _run_parallel(files: list[Path], options: Options, jobs: int, on_result: OnResult | None) -> list[FileResult]:
    """The prefilter runs here first, so clean files never travel to a worker, and workers are started
    only for as many files as need the rewrite. The engine is loaded here before forking: workers
    inherit it instead of each importing libcst and reading the rule tables again."""
    by_path: dict[str, FileResult] = {}

    def finished(text: str, result: FileResult) -> None:
        by_path[text] = result
        if on_result is not None:
            on_result(result)

    dirty: list[str] = []
    for path in files:
        shown = display_path(path)
        try:
            early, _ = _read_and_prefilter(path, shown)
        except Exception as error:  # isolation: one bad file must not stop the run
            early = _internal_error(shown, error)
        if early is not None:
            finished(str(path), early)
        else:
            dirty.append(str(path))
    jobs = min(jobs, len(dirty) // MIN_FILES_PER_WORKER)
    if jobs <= 1:
        for text in dirty:
            finished(text, process_file(Path(text), options))
    else:
        _run_pool(dirty, options, jobs, finished)
    return [by_path[str(path)] for path in files]


def _run_pool(paths: list[str], options: Options, jobs: int, finished: Callable[[str, FileResult], None]) -> None:
    import concurrent.futures
    import gc
    import multiprocessing

    frozen = False
    if multiprocessing.get_start_method() == "fork":
        _load_engine()
        frozen = _freeze_heap()  # the inherited heap is never scanned by the workers' collector (nor copied by it)
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_process_batch, batch, options): batch for batch in _batches(paths, jobs)}
            for future in concurrent.futures.as_completed(futures):
                batch = futures[future]
                try:
                    batch_results = future.result()
                except Exception as error:  # a worker died (killed, out of memory): its files failed
                    reason = f"internal error: worker process failed: {type(error).__name__}: {error}"
                    batch_results = [
                        FileResult(path=display_path(Path(text)), status=Status.FAILED, reason=reason) for text in batch
                    ]
                for text, result in zip(batch, batch_results):
                    finished(text, result)
    finally:
        if frozen:
            gc.unfreeze()


def _load_engine() -> None:
    """Import the rewrite and read the rule tables, as the first rewritten file would."""
    from tf_seq2seq_migrate.engine import rewrite  # noqa: F401
    from tf_seq2seq_migrate.rules import tf_upgrade
    from tf_seq2seq_migrate.rules.catalog import load_catalog

    load_catalog()
    tf_upgrade.method_transforms()


def run_paths(paths: Sequence[Path], options: Options, on_result: OnResult | None = None) -> Report:
    return run_files(discover(paths, options.exclude), options, on_result)
