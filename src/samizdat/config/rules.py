"""Site rules in the config (``[sources.rules]``, ``[sources.channels.rules]``).

CSS selectors an operator writes for a site the general extractor gets wrong; each is
compiled when the config is loaded, so a bad one is a config error naming its key.
"""

from pydantic import BaseModel, ConfigDict, Field, field_validator


def check_selector(selector: str) -> str:
    """A CSS selector as lxml will compile it; ValueError quoting it when it does not parse."""
    if not selector.strip():
        raise ValueError("is an empty CSS selector")
    from cssselect import HTMLTranslator, SelectorError  # only configs with site rules

    try:
        HTMLTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
    return selector


class RulesConfig(BaseModel):
    """Site rules: CSS selectors for what the general extractor gets wrong on a site."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    body: str = ""
    """The article body, e.g. "div.entry-content" (if it matches nothing, the general extractor
    takes over).
    """
    title: str = ""
    """The headline, e.g. "h1.entry-title"."""
    image: str = ""
    """The lead image (an <img>, or an element holding one)."""
    date: str = ""
    """The publication time: its datetime="" or content="" attribute, else its text."""
    author: str = ""
    """The author's name, e.g. "a[rel=author]"."""
    drop: list[str] = Field(default_factory=list)
    """Elements removed from the body (navigation, ads, related-post boxes): ["nav", "div.ad"]."""

    @field_validator("body", "title", "image", "date", "author")
    @classmethod
    def _valid_selector(cls, value: str) -> str:
        return check_selector(value) if value else value

    @field_validator("drop")
    @classmethod
    def _valid_selectors(cls, value: list[str]) -> list[str]:
        return [check_selector(selector) for selector in value]

    def over(self, base: "RulesConfig") -> "RulesConfig":
        """These rules on top of ``base``: each selector set here wins, drops add up."""
        keys = ("body", "title", "image", "date", "author")
        merged = {key: getattr(self, key) or getattr(base, key) for key in keys}
        drop = list(dict.fromkeys([*base.drop, *self.drop]))
        return RulesConfig(**merged, drop=drop)
