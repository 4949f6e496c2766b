"""Simulations that run policies and reputation norms over synthetic populations."""
