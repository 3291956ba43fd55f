"""A strict reader for the small part of YAML that docker-compose.yml uses.

PyYAML is not a dependency of the portal, and Docker is not on the CI
machine, so the deployment tests read the compose file with this. It knows
block mappings and sequences, quoted and plain scalars, JSON-style flow
sequences, anchors, aliases and ``<<`` merge keys, and refuses anything else
(so a construct it does not know fails the test instead of being misread).
"""

import json
import re

_KEY = re.compile(r"^(?P<key>[A-Za-z0-9_.<>-]+|\"[^\"]+\"):(?: (?P<value>.*))?$")


class YamlSubsetError(ValueError):
    pass


def load(text: str):
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise YamlSubsetError(f"line {number}: tab in indentation")
        if re.search(r"\s#", raw) and not re.search(r"[\"'].*\s#.*[\"']", raw):
            raise YamlSubsetError(f"line {number}: inline comments are not supported")
        lines.append([len(raw) - len(raw.lstrip()), raw.strip(), number])
    reader = _Reader(lines)
    value = reader.block(0, 0)
    if reader.i != len(lines):
        raise YamlSubsetError(f"line {lines[reader.i][2]}: unexpected indentation")
    return value


class _Reader:
    def __init__(self, lines):
        self.lines = lines
        self.i = 0
        self.anchors = {}

    def block(self, start: int, indent: int):
        self.i = start
        content = self.lines[start][1]
        if content == "-" or content.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int) -> dict:
        explicit, merged = {}, {}
        while self.i < len(self.lines) and self.lines[self.i][0] == indent:
            _, content, number = self.lines[self.i]
            match = _KEY.match(content)
            if not match:
                raise YamlSubsetError(
                    f"line {number}: expected 'key: value', got {content!r}"
                )
            key = match["key"].strip('"')
            if key in explicit:
                raise YamlSubsetError(f"line {number}: duplicate key {key!r}")
            value = self.value(match["value"] or "", indent, number)
            if key == "<<":
                if not isinstance(value, dict):
                    raise YamlSubsetError(f"line {number}: << needs a mapping")
                merged.update(value)
            else:
                explicit[key] = value
        return {**merged, **explicit}

    def sequence(self, indent: int) -> list:
        items = []
        while self.i < len(self.lines) and self.lines[self.i][0] == indent:
            _, content, number = self.lines[self.i]
            if not (content == "-" or content.startswith("- ")):
                break
            rest = content[2:].strip()
            if _KEY.match(rest):
                # "- key: value": a mapping whose keys line up after the dash.
                self.lines[self.i] = [indent + 2, rest, number]
                items.append(self.mapping(indent + 2))
            else:
                items.append(self.value(rest, indent, number))
        return items

    def value(self, text: str, indent: int, number: int):
        anchor = None
        if text.startswith("&"):
            anchor, _, text = text.partition(" ")
            anchor = anchor[1:]
        self.i += 1
        if text == "":
            if self.i < len(self.lines) and self.lines[self.i][0] > indent:
                value = self.block(self.i, self.lines[self.i][0])
            else:
                value = None
        elif text.startswith("*"):
            if text[1:] not in self.anchors:
                raise YamlSubsetError(f"line {number}: unknown alias {text}")
            value = self.anchors[text[1:]]
        else:
            value = scalar(text, number)
        if anchor:
            self.anchors[anchor] = value
        return value


def scalar(text: str, number: int = 0):
    if text.startswith('"'):
        return json.loads(text)
    if text.startswith("'"):
        if not text.endswith("'"):
            raise YamlSubsetError(f"line {number}: unterminated string")
        return text[1:-1].replace("''", "'")
    if text.startswith("["):
        return json.loads(text)
    if text.startswith(("{", "|", ">", "!", "%", "@", "`")):
        raise YamlSubsetError(f"line {number}: unsupported YAML: {text!r}")
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    if text in ("null", "~"):
        return None
    return text
