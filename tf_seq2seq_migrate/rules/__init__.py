"""Rule catalog (loaded from the declarative tables in ``rules/``) and the few rules that need code."""
