"""Domain errors. The CLI turns each into one line on stderr and a non-zero exit code."""


class ClaimsError(Exception):
    """A problem the user can fix; its message is shown as-is (exit 1)."""

    exit_code = 1


class UsageError(ClaimsError):
    """The command line itself is wrong: a date that cannot be read, an unknown status (exit 2)."""

    exit_code = 2


class NotFound(ClaimsError):
    """An id or name that is not in the database."""


class InvalidRecord(ClaimsError):
    """A malformed record in an import file; names the line."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.reason = message


class DatabaseUnavailable(ClaimsError):
    """The database cannot be opened or reached."""
