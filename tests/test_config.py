"""[tool.tf-migrate] discovery, validation and precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tf_seq2seq_migrate import config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_nearest_pyproject_with_the_table_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.tf-migrate]\nexclude = ["root/*"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[tool.tf-migrate]\nexclude = ["pkg/*"]\n')
    write(tmp_path / "pkg" / "sub" / "pyproject.toml", "[project]\nname = 'sub'\n")  # no table: passed over
    write(tmp_path / "pkg" / "sub" / "m.py", "")
    loaded = config.load_project_config(["pkg/sub/m.py"], cwd=tmp_path)
    assert loaded.source == tmp_path / "pkg" / "pyproject.toml"
    assert loaded.exclude == ("pkg/*",)


def test_search_starts_from_the_common_parent_of_the_paths(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.tf-migrate]\njobs = 3\n")
    write(tmp_path / "a" / "pyproject.toml", "[tool.tf-migrate]\njobs = 7\n")
    write(tmp_path / "a" / "x.py", "")
    write(tmp_path / "b" / "y.py", "")
    assert config.common_parent(["a/x.py", "b/y.py"], tmp_path) == tmp_path
    assert config.load_project_config(["a/x.py", "b/y.py"], cwd=tmp_path).jobs == 3
    assert config.load_project_config(["a/x.py"], cwd=tmp_path).jobs == 7
    assert config.load_project_config([], cwd=tmp_path / "a").jobs == 7


def test_no_configuration_gives_defaults(tmp_path):
    write(tmp_path / "m.py", "")
    loaded = config.load_project_config(["m.py"], cwd=tmp_path)
    settings = config.resolve_settings(loaded, environ={})
    assert (settings.exclude, settings.skip_rules, settings.source) == ((), (), None)
    assert settings.jobs >= 1


def test_dash_and_underscore_spellings_are_the_same_key(tmp_path):
    for key in ("skip-rules", "skip_rules"):
        write(tmp_path / "pyproject.toml", f'[tool.tf-migrate]\n{key} = ["S2S003"]\n')
        assert config.load_project_config([], cwd=tmp_path).skip_rules == ("S2S003",)
    write(tmp_path / "pyproject.toml", '[tool.tf-migrate]\nskip-rules = ["A"]\nskip_rules = ["B"]\n')
    with pytest.raises(config.ConfigError, match="'skip_rules' given twice"):
        config.load_project_config([], cwd=tmp_path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("jobs = 0", "'jobs' must be a positive integer, got 0"),
        ("jobs = true", "'jobs' must be a positive integer, got True"),
        ('exclude = "build/*"', "'exclude' must be a list of strings, got 'build/\\*'"),
        ("skip-rules = [1]", "'skip-rules' must be a list of strings, got \\[1\\]"),
        ("colour = 1", "unknown key 'colour' in \\[tool.tf-migrate\\] \\(known: exclude, jobs, skip-rules\\)"),
    ],
)
def test_malformed_values_name_the_file_and_key(tmp_path, body, message):
    source = write(tmp_path / "pyproject.toml", f"[tool.tf-migrate]\n{body}\n")
    with pytest.raises(config.ConfigError, match=f"^{str(source)}: {message}$"):
        config.load_project_config([], cwd=tmp_path)


def test_unreadable_toml_is_a_config_error(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.tf-migrate\n")
    with pytest.raises(config.ConfigError, match="cannot read"):
        config.load_project_config([], cwd=tmp_path)


def test_precedence_flags_then_pre_commit_then_project_then_defaults():
    project = config.ProjectConfig(source=Path("p"), exclude=("e/*",), skip_rules=("S2S001",), jobs=4)
    assert config.resolve_settings(project, environ={}).jobs == 4
    assert config.resolve_settings(project, environ={"PRE_COMMIT": "1"}).jobs == 1
    assert config.resolve_settings(project, jobs=6, environ={"PRE_COMMIT": "1"}).jobs == 6
    overridden = config.resolve_settings(project, exclude=["x/*"], skip_rules=["S2S009"], environ={})
    assert (overridden.exclude, overridden.skip_rules) == (("x/*",), ("S2S009",))
    kept = config.resolve_settings(project, environ={})
    assert (kept.exclude, kept.skip_rules) == (("e/*",), ("S2S001",))
