"""The typed error hierarchy of datarefinery.

Every error the library raises on purpose derives from :class:`RefineryError`, so a
caller can catch by type and never has to match on message text::

    RefineryError
    ├── RecipeError          a recipe file or object is invalid (raised before any model call)
    ├── GraphError           the graph is malformed (unknown node, unreachable end, bad edge)
    ├── SourceError          a document or dataset could not be read
    ├── ModelError           a model call failed
    │   ├── ModelHTTPError   the server answered with an HTTP error status, or not at all
    │   │   ├── RateLimited        the server answered 429 (``retry_after`` when it said)
    │   │   ├── ModelTimeout       no reply within the request timeout
    │   │   └── MalformedResponse  a 2xx body that is not a chat completion
    │   ├── BadModelOutput   the reply did not parse or did not match its JSON schema
    │   └── ModelUnavailable weights could not be fetched or the embedded server not started
    ├── NodeError            a node failed on one record (wraps the cause, names node and record)
    └── RunDirError          a run directory cannot be used as asked
        ├── RunDirBusy       another live run holds it (names the holder)
        └── RunDirExists     it holds a finished or crashed run and no --resume/--overwrite was given
"""

from __future__ import annotations


class RefineryError(Exception):
    """Base class of every error raised by datarefinery on purpose."""


class RecipeError(RefineryError):
    """A recipe is invalid.

    Attributes:
        path: the recipe file, or ``None`` for a recipe built in Python.
        problems: one line per problem, each ``field.path: what was expected``.
    """

    def __init__(self, message: str, *, path: str | None = None, problems: list[str] | None = None):
        self.path = path
        self.problems = problems or []
        where = f"{path}: " if path else ""
        detail = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(f"{where}{message}{detail}")


class GraphError(RecipeError):
    """The graph block of a recipe is malformed (unknown node, bad edge, no path to the end)."""


class SourceError(RefineryError):
    """A document or dataset could not be read.

    Attributes:
        source: the file path or URI that failed.
    """

    def __init__(self, message: str, *, source: str):
        self.source = source
        super().__init__(f"{source}: {message}")


class ModelError(RefineryError):
    """A model call failed.

    Attributes:
        model: the model name or identity.
    """

    def __init__(self, message: str, *, model: str | None = None):
        self.model = model
        super().__init__(f"[{model}] {message}" if model else message)


class ModelHTTPError(ModelError):
    """The model server answered with an HTTP error status, or could not be reached.

    Attributes:
        status: the HTTP status; ``None`` when no answer came (connection refused or
            closed, timeout).
        retry_after: seconds the server asked the client to wait (``Retry-After``), if it said.
    """

    def __init__(self, message: str, *, status: int | None, model: str | None = None,
                 retry_after: float | None = None):
        self.status = status
        self.retry_after = retry_after
        super().__init__(message, model=model)

    @property
    def retryable(self) -> bool:
        """Worth retrying: no answer, 408, 409, 429 or any 5xx."""
        return self.status is None or self.status in (408, 409, 429) or self.status >= 500


class RateLimited(ModelHTTPError):
    """The model server answered 429 Too Many Requests."""


class ModelTimeout(ModelHTTPError):
    """No reply within the request timeout (``status`` is ``None``)."""


class MalformedResponse(ModelHTTPError):
    """The server answered 2xx with a body that is not a chat completion (not JSON, or
    missing ``choices``); retried like a server error."""

    @property
    def retryable(self) -> bool:
        return True


class BadModelOutput(ModelError):
    """A model's reply did not parse as JSON or did not validate against its schema.

    Attributes:
        output: the raw text the model returned.
    """

    def __init__(self, message: str, *, output: str, model: str | None = None):
        self.output = output
        super().__init__(message, model=model)


class ModelUnavailable(ModelError):
    """Model weights could not be fetched or verified, or the embedded server did not start."""


class NodeError(RefineryError):
    """A node failed on one record.

    Attributes:
        node: the node name.
        record_id: the record's id.
    """

    def __init__(self, message: str, *, node: str, record_id: str):
        self.node = node
        self.record_id = record_id
        super().__init__(f"node {node!r}, record {record_id}: {message}")


class RunDirError(RefineryError):
    """A run directory cannot be used as asked.

    Attributes:
        path: the run directory.
    """

    def __init__(self, message: str, *, path: str):
        self.path = path
        super().__init__(f"{path}: {message}")


class RunDirBusy(RunDirError):
    """Another live process holds the run directory's lock.

    Attributes:
        holder: what the holder wrote into the lock file (``pid``, ``host``,
            ``started_at``), empty when it could not be read.
    """

    def __init__(self, message: str, *, path: str, holder: dict[str, object]):
        self.holder = holder
        super().__init__(message, path=path)


class RunDirExists(RunDirError):
    """The directory holds a run and the caller said neither resume nor overwrite."""
