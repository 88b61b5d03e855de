"""The knowledge base: schema of the YAML pack, its loader, and the compiled model."""

from anklecheck.kb.loader import CompiledRule, KnowledgePack, default_root, load_pack
from anklecheck.kb.model import CompiledModel, compile_model
from anklecheck.kb.schema import TriageLevel

__all__ = [
    "CompiledModel",
    "CompiledRule",
    "KnowledgePack",
    "TriageLevel",
    "compile_model",
    "default_root",
    "load_pack",
]
