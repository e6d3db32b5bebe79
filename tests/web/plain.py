"""The patient text of a page: each block of words inside <main>, for the readability test.

Condition names (class "name"), what the person wrote (q, blockquote) and code are
exempt, as names are in the knowledge-base test.
"""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "legend", "label", "dd", "summary", "button"}
EXEMPT_TAGS = {"q", "blockquote", "code", "table"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.stack: list[tuple[str, bool]] = []
        self.blocks: list[str] = []
        self.current: list[str] | None = None
        self.depth = 0

    def _exempt(self) -> bool:
        return any(exempt for _, exempt in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        if tag in ("br", "input", "img", "meta", "link", "path"):
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, tag in EXEMPT_TAGS or "name" in classes))
        if self.in_main and tag in BLOCKS and self.current is None and not self._exempt():
            self.current, self.depth = [], len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag in ("br", "input", "img", "meta", "link", "path"):
            return
        if self.current is not None and len(self.stack) == self.depth:
            self.blocks.append(" ".join("".join(self.current).split()))
            self.current = None
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self._exempt():
            self.current.append(data)


def page_texts(name: str, html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    return [(name, block) for block in parser.blocks if block]
