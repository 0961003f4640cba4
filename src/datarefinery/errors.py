"""The typed error hierarchy of datarefinery.

Every error the library raises on purpose derives from :class:`RefineryError`, so a
caller can catch by type and never has to match on message text::

    RefineryError
    ├── RecipeError          a recipe file or object is invalid (raised before any model call)
    ├── GraphError           the graph is malformed (unknown node, unreachable end, bad edge)
    ├── SourceError          a document or dataset could not be read
    ├── ModelError           a model call failed
    │   ├── ModelHTTPError   the server answered with an HTTP error status
    │   ├── RateLimited      the server answered 429
    │   ├── BadModelOutput   the reply did not parse or did not match its JSON schema
    │   └── ModelUnavailable weights could not be fetched or the embedded server not started
    └── NodeError            a node failed on one record (wraps the cause, names node and record)
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
    """The model server answered with an HTTP error status (``status`` attribute)."""

    def __init__(self, message: str, *, status: int | None, model: str | None = None):
        self.status = status
        super().__init__(message, model=model)


class RateLimited(ModelHTTPError):
    """The model server answered 429 Too Many Requests."""


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
