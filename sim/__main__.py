"""`python -m sim` runs the same entry point as the `leverage` command."""

import sys

from sim.cli.main import main

sys.exit(main())
