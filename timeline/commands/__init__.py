"""One module per command; each has NAME, HELP, add_arguments() and run()."""


class UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""


def check_base_url(value: str | None) -> None:
    """--base-url, when given, must be a full web address."""
    if value is not None and not value.startswith(("http://", "https://")):
        raise UsageError(f"--base-url {value}: give a full http(s) address")
