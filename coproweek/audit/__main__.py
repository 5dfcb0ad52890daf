import sys

from .cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # output piped into `head`: not an error
    sys.exit(0)
