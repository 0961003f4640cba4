"""Sources: document readers, sentence segmentation, chunking and sampling."""

from datarefinery.sources.base import Document, Reader
from datarefinery.sources.chunking import Chunk, chunk_document, sample_chunks
from datarefinery.sources.documents import SourceFailure, read_document, read_documents, reader_for
from datarefinery.sources.sentences import Sentence, split_sentences

__all__ = [
    "Chunk", "Document", "Reader", "Sentence", "SourceFailure", "chunk_document", "read_document",
    "read_documents", "reader_for", "sample_chunks", "split_sentences",
]
