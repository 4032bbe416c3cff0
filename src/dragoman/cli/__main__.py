"""`python -m dragoman.cli`: the same as the `dragoman` command."""
import sys

from dragoman.cli import main

sys.exit(main())
