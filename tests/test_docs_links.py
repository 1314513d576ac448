"""Relative links in the user documentation point at files and headings that exist.

Anchors follow GitHub's heading slugs (lower case, punctuation other than ``-`` and ``_`` dropped,
spaces to hyphens, ``-1``, ``-2`` ... for repeats) plus explicit ``<a id="...">`` targets.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((REPO_ROOT / "docs").glob("*.md")) + [REPO_ROOT / "README.md", REPO_ROOT / "fixtures" / "README.md"]

_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6} +(?P<title>.+?) *#*$", re.MULTILINE)
_EXPLICIT_ANCHOR = re.compile(r"<a id=\"(?P<id>[^\"]+)\"")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def github_slug(title: str) -> str:
    text = re.sub(r"[`*]", "", title).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@functools.lru_cache(maxsize=None)
def anchors(path: Path) -> frozenset[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    found, counts = set(), {}
    for match in _HEADING.finditer(text):
        slug = github_slug(match.group("title"))
        count = counts.get(slug, 0)
        found.add(slug if count == 0 else f"{slug}-{count}")
        counts[slug] = count + 1
    found.update(match.group("id") for match in _EXPLICIT_ANCHOR.finditer(text))
    return frozenset(found)


def broken_links(path: Path) -> list[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    problems = []
    for match in _LINK.finditer(text):
        target = match.group("target")
        if re.match(r"^[a-z]+:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            problems.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"{target}: no heading or anchor {anchor!r} in {linked.name}")
    return problems


def test_slugs_follow_github():
    assert github_slug("6. Validate the numbers") == "6-validate-the-numbers"
    assert github_slug("tf.function and XLA") == "tffunction-and-xla"
    assert github_slug("`RNNCell`") == "rnncell"
    assert github_slug("legacy_seq2seq") == "legacy_seq2seq"


def test_a_broken_link_is_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](#title) [bad](#missing) [gone](other.md)\n", encoding="utf-8")
    assert broken_links(page) == ["#missing: no heading or anchor 'missing' in page.md", "other.md: no such file"]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_relative_links_resolve(document):
    assert broken_links(document) == []
