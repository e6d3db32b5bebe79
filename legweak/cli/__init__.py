"""The `legweak` command: arguments (main.py), what each command does (commands.py), output (terminal.py).

Importing this package is cheap: the checker, the knowledge base and Rich are
imported when a command runs, so `legweak --help` answers at once.
"""

from legweak.cli.exits import EXIT_FAIL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from legweak.cli.main import build_parser, main

__all__ = ["EXIT_FAIL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
