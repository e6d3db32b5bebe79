"""The `legweak` command (moved from legweak/cli.py, commands.py and terminal.py)."""

from legweak.cli.main import EXIT_FAIL, EXIT_OK, EXIT_USAGE, build_parser, dump, main

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "build_parser", "dump", "main"]
