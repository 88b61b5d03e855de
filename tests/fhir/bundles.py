"""Validation of an exported bundle, shared by the FHIR tests: it parses with the R4B models of
fhir.resources, and every reference inside it points at an entry of the same bundle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.bundle import Bundle


def references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def valid_bundle(text: str) -> Bundle:
    """The parsed bundle; fails the test when it does not validate or a reference dangles."""
    bundle = Bundle.model_validate_json(text)
    assert bundle.type == "collection"
    urls = [entry.fullUrl for entry in bundle.entry or []]
    assert all(url.startswith("urn:uuid:") for url in urls)
    assert len(set(urls)) == len(urls), "fullUrls must be unique"
    dangling = sorted(set(references(bundle.model_dump(mode="json"))) - set(urls))
    assert dangling == [], f"references outside the bundle: {dangling}"
    return bundle


def resources(bundle: Bundle, kind: str) -> list[Any]:
    return [entry.resource for entry in bundle.entry or [] if entry.resource.get_resource_type() == kind]
