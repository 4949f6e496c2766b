"""socialcredit: a policy lab that runs social-scoring rulebooks over synthetic populations."""

__version__ = "0.1.0"
