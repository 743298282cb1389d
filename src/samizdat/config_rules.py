"""Site rules in the config (``[sources.rules]``, ``[sources.channels.rules]``).

CSS selectors an operator writes for a site the general extractor gets wrong; each is
compiled when the config is loaded, so a bad one is a config error naming its key.
"""

from __future__ import annotations

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

    model_config = ConfigDict(extra="forbid", frozen=True)

    body: str = ""
    title: str = ""
    image: str = ""
    date: str = ""
    author: str = ""
    # Elements removed from the body (navigation, ads, "related" boxes, ...).
    drop: list[str] = Field(default_factory=list)

    @field_validator("body", "title", "image", "date", "author")
    @classmethod
    def _valid_selector(cls, value: str) -> str:
        return check_selector(value) if value else value

    @field_validator("drop")
    @classmethod
    def _valid_selectors(cls, value: list[str]) -> list[str]:
        return [check_selector(selector) for selector in value]

    def over(self, base: RulesConfig | None) -> RulesConfig:
        """These rules on top of ``base``: each selector set here wins, drops add up."""
        if base is None:
            return self
        keys = ("body", "title", "image", "date", "author")
        merged = {key: getattr(self, key) or getattr(base, key) for key in keys}
        drop = list(dict.fromkeys([*base.drop, *self.drop]))
        return RulesConfig(**merged, drop=drop)
