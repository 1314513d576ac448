"""Packaging glue that pyproject.toml cannot express: the top-level rules/ folder (the declarative
rule tables) ships inside the wheel as the package ``tf_seq2seq_migrate.rules_data``."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["tf_seq2seq_migrate", "tf_seq2seq_migrate.*"])
    + ["tf_seq2seq_migrate.rules_data"],
    package_dir={"tf_seq2seq_migrate.rules_data": "rules"},
)
