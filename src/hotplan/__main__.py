"""`python -m hotplan` is the `hotplan` command."""

from hotplan.cli import console

console()
