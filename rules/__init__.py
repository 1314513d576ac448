"""The declarative rule tables, shipped as package data (see rules/README.md)."""
