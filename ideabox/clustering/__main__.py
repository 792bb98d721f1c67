"""Entry point for `python -m ideabox.clustering`."""
import sys

from .cli import main

sys.exit(main())
