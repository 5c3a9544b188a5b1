"""Exit statuses and the one-line error every command reports instead of a traceback."""

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CANNOT_RUN = 3
EXIT_DEGRADED = 4


class CliError(Exception):
    """An error the user can act on: printed as one line, with its exit status."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status
