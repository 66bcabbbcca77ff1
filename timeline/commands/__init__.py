"""One module per command; each has NAME, HELP, add_arguments() and run()."""


class UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""
