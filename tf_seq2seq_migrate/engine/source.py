"""Turning source bytes into a libcst module, with the reasons a user sees when that fails."""

from __future__ import annotations

import ast
import codecs
import dataclasses
import io
import re
import tokenize

import libcst as cst


@dataclasses.dataclass(frozen=True)
class ParseFailure:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def to_bytes(text: str | bytes) -> bytes:
    """Source bytes for a text: str is encoded with its coding cookie's encoding (utf-8 without one)."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    head = text.encode("utf-8", "surrogatepass").splitlines()[:2]
    encoding = "utf-8"
    for line in head:
        found = _COOKIE.match(line)
        if found:
            try:
                encoding = codecs.lookup(found.group(1).decode("ascii")).name
            except LookupError:
                pass
            break
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _encoding_name(encoding: str) -> str:
    return "utf-8" if encoding == "utf-8-sig" else encoding


def check_decodable(source: bytes) -> ParseFailure | None:
    """The coding cookie must be known and the bytes must decode with it."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError as error:
        return ParseFailure(error.lineno or 1, str(error.msg if hasattr(error, "msg") else error))
    try:
        source.decode(encoding)
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        byte = source[error.start]
        return ParseFailure(line, f"cannot decode as {_encoding_name(encoding)}: invalid byte 0x{byte:02x}")
    return None


def parse(source: bytes) -> cst.Module | ParseFailure:
    """Parse bytes (libcst honours the coding cookie, BOM and line endings) or say why not."""
    failure = check_decodable(source)
    if failure is not None:
        return failure
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        # CPython's messages are the ones users know ("Missing parentheses in call to 'print'").
        python_failure = python_syntax_error(source)
        if python_failure is not None:
            return with_python2_hint(source, python_failure)
        return ParseFailure(error.raw_line, error.message.splitlines()[0] if error.message else "invalid syntax")
    except (SyntaxError, ValueError) as error:  # encoding trouble libcst reports on its own
        return ParseFailure(1, str(error))
    except RecursionError:
        return ParseFailure(1, "too deeply nested to parse")


def python_syntax_error(source: bytes) -> ParseFailure | None:
    try:
        ast.parse(source)
    except SyntaxError as error:
        return ParseFailure(max(error.lineno or 1, 1), error.msg)
    except (ValueError, RecursionError, MemoryError) as error:
        return ParseFailure(1, str(error) or type(error).__name__)
    return None


# Python 2 constructs that Python 3 rejects, matched on the line the parser stopped at.
_PYTHON2_LINE = re.compile(
    r"""^\s*(?:
        print(?:\s+[^\s(=.,)\]]|\s*$|\s*>>)       # print statement (print x, print >>f, x)
      | exec\s+[^\s(=]                            # exec statement
      | except\s+[\w.]+\s*,\s*\w+\s*:             # except E, e:
      | raise\s+[\w.]+\s*,                         # raise E, "message"
    )
    | `[^`]*`                                      # backquote repr
    | <>                                           # old inequality
    | (?<![\w.])0\d+\b(?!\.) | \b\d+[lL]\b             # 0777 octal, 10L long
    | \bur["\']                                    # ur"" strings
    """,
    re.VERBOSE,
)
PYTHON2_HINT = (
    "this is Python 2 syntax: tf-migrate reads Python 3 code, so convert the file first "
    "(for example with 2to3 or futurize) and run tf-migrate again"
)


def with_python2_hint(source: bytes, failure: ParseFailure) -> ParseFailure:
    """Say so when the line that failed is Python 2: TF1 projects often still have such files."""
    lines = source.splitlines()
    if not 1 <= failure.line <= len(lines):
        return failure
    text = lines[failure.line - 1].decode("utf-8", "replace")
    if _PYTHON2_LINE.search(text) is None:
        return failure
    return ParseFailure(failure.line, f"{failure.reason}; {PYTHON2_HINT}")
