"""`python -m xxgk` runs the command line."""

from xxgk.cli import main

main()
