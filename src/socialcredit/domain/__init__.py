"""Pure rules and documents: the policy and the scenario (the world) with their cross-references,
scoring, grades, lists, decisions and the metric catalogue. No I/O."""
