"""`python -m hotplan` is the `hotplan` command."""

import sys

from hotplan.cli import main

sys.exit(main())
