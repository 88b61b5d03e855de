"""The `anklecheck` command line (Typer + Rich)."""
