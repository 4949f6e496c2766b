"""Pure rules: the policy model, scoring, grades, lists and decisions. No I/O."""
