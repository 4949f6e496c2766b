"""Scenario files shipped with the package (data only)."""
