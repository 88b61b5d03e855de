"""Free-text intake: what people write, turned into evidence (see `parser`)."""

from anklecheck.intake.parser import Parser, ParseResult

__all__ = ["ParseResult", "Parser"]
