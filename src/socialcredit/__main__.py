"""`python -m socialcredit` runs the command line."""

from socialcredit.cli import run

run()
