"""Exit codes of the `legweak` command, shared by the argument parser and the commands."""

#: Success.
EXIT_OK = 0
#: A check failed: lint errors, an under-triaged emergency with --fail-on-under-triage.
EXIT_FAIL = 1
#: Bad input or a malformed file; the message says what to change.
EXIT_USAGE = 2
#: The person left with Ctrl-C or at the end of input.
EXIT_INTERRUPTED = 130
