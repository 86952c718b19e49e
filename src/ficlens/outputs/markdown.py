"""The analysis summary as Markdown: what the terminal report says, for notes and issue threads."""

from __future__ import annotations

import re
from typing import Any

from ..craft.norms import sources
from .report import (MARKS, character_rows, craft_lines, facts, library_norm_lines, norm_lines, start_here_lines,
                     tag_lines, title)
from .terminal import safe_tree

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def render_markdown(data: dict[str, Any], text: str) -> str:
    """Title, facts, characters table, tags and craft notes; sections whose keys are missing are left out.

    `text` is the work's text, taken like the other renderers' so callers need not know which use it.
    Control characters and escape sequences from the story are dropped: Markdown is read in terminals too.
    """
    data = safe_tree(data)
    work = data.get("work", {})
    out = [f"# {_md(title(data))}", ""]
    if work.get("authors"):
        out += [f"*by {_md(', '.join(work['authors']))}*", ""]
    if work.get("fandoms"):
        out += [f"- **Fandom:** {_md('; '.join(work['fandoms']))}"]
    if work.get("words"):
        out += [f"- **Words:** {work['words']:,}"]
    out += [f"- **{label}:** {_md(value)}" for label, value in facts(data)]
    out.append("")
    start = start_here_lines(data)
    if start:
        out += ["## Start here", ""]
        out += [f"{number} {_md(value)}" for number, value in start]
        out.append("")
    rows = character_rows(data)
    if rows:
        out += ["## Characters", "", "| Character | Gender | Mentions | Lines | Aliases |", "|---|---|--:|--:|---|"]
        out += [f"| {_md(name)} | {gender} | {mentions} | {spoken} | {_md(aliases)} |"
                for name, gender, mentions, spoken, aliases in rows]
        out.append("")
    tags = tag_lines(data)
    if tags:
        out += ["## Tags", "", "✓ declared and found, ○ declared only, + found but not declared", ""]
        out += [f"- **{label}:** " + ", ".join(f"{MARKS[how]} {_md(tag)}" for tag, how in chips)
                for label, chips in tags]
        out.append("")
    craft = craft_lines(data)
    if craft:
        out += ["## Craft", ""]
        out += [f"- **{label}:** {_md(value)}" for label, value in craft]
        out.append("")
    norms = norm_lines(data)
    if norms:
        measured = sources()
        out += ["## Against published works", "",
                f"Each rate placed among {measured['works']} published novels and excerpts "
                f"({measured['pdnc novels']} PDNC novels, {measured['litbank excerpts']} LitBank excerpts).", ""]
        out += [f"- {_md(line)}" for line in norms]
        out.append("")
    own = library_norm_lines(data)
    if own:
        fandom = data["library_norms"]["fandom"]
        out += [f"## Against your {_md(fandom)} works", "",
                f"Each rate placed among your other {_md(fandom)} works in the library.", ""]
        out += [f"- {_md(line)}" for line in own]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(value: str) -> str:
    """Escape what Markdown (and the HTML inside it) would read as markup; table pipes too."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))
