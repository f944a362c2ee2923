"""What is asked: the content model, the content files and the one loader that reads them."""

from framework.loader import ContentBundle, load_content

__all__ = ["ContentBundle", "load_content"]
