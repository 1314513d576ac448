"""docs/rules.md is generated from the rule tables and must not go stale."""

from __future__ import annotations

from tf_seq2seq_migrate.rules.catalog import display_name, load_catalog
from tf_seq2seq_migrate.rules.docs import DEFAULT_PATH, main, render


def test_docs_rules_md_is_up_to_date():
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render(load_catalog()), (
        "docs/rules.md is stale: run python -m tf_seq2seq_migrate.rules.docs"
    )


def test_every_rule_and_name_is_documented():
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    catalog = load_catalog()
    for rule_id, rule in catalog.rules.items():
        assert f'<a id="{rule_id.lower()}"></a>' in text
        assert f"## {rule_id}: {rule.summary}" in text
        for name in rule.canonical_names:
            assert f"`{display_name(name)}`" in text


def test_check_mode_fails_on_a_stale_file_and_the_writer_fixes_it(tmp_path, capsys):
    target = tmp_path / "rules.md"
    target.write_text("# old\n", encoding="utf-8")
    assert main(["--check", str(target)]) == 1
    assert "is stale: run python -m tf_seq2seq_migrate.rules.docs" in capsys.readouterr().err
    assert main([str(target)]) == 0
    assert main(["--check", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render(load_catalog())
