"""Loading a long YAML document without its whole node graph: the items of a sequence are built
into Python values as they are composed.

PyYAML (libyaml's loader too) composes the whole document into nodes before it builds any value:
some 400 bytes a node, 7 nodes a step, 73 MB for a 20,000-step model whose values take 9 MB. This
loader composes with PyYAML's own composer (in Python, on libyaml's events) and builds each
mapping or sequence item of a sequence as soon as it is composed, keeping the value instead of
its nodes. An item holding an anchor or an alias is kept as nodes and built with the document,
as PyYAML would: values shared through aliases stay shared (the alias budget of
:func:`vsm_xl.io.yaml_io.check_shape` counts them once). The values are the same as PyYAML's
(tests/io/test_yaml_stream.py); :func:`vsm_xl.io.yaml_io.loads_yaml` takes this path for large
texts only.
"""
from __future__ import annotations

from typing import Any

from yaml.composer import Composer
from yaml.events import AliasEvent, SequenceEndEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

BUILT = "tag:vsm-xl,2026:built"  # the tag of an item already built (no document can spell it: see _Built)


class _Built(ScalarNode):
    """An item of a sequence, built: its value, and the marks of its nodes for messages."""

    def __init__(self, value, node):
        super().__init__(BUILT, "", node.start_mark, node.end_mark)
        self.built = value


def streaming_loader(base: type) -> type:
    """A loader class: ``base`` (a SafeLoader subclass, libyaml's where available) composing
    with :class:`_StreamingComposer`."""

    class Loader(_StreamingComposer, base):
        def __init__(self, stream):
            base.__init__(self, stream)  # type: ignore[misc]  # the parser's, not the composer's
            Composer.__init__(self)
            self.aliases = 0

    # a document spelling the tag itself gets PyYAML's refusal of an unknown tag
    Loader.add_constructor(BUILT, lambda loader, node: node.built if isinstance(node, _Built) else
                           loader.construct_undefined(node))
    return Loader


class _StreamingComposer(Composer):
    """PyYAML's composer, building the items of sequences as they are composed. Mixed into a
    loader class, whose parser (libyaml's) gives the events and whose constructor builds."""

    aliases: int
    constructed_objects: dict
    check_event: Any
    get_event: Any
    resolve: Any
    construct_object: Any

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            self.aliases += 1
        return super().compose_node(parent, index)

    def compose_sequence_node(self, anchor):
        start_event = self.get_event()
        tag = start_event.tag
        if tag is None or tag == "!":
            tag = self.resolve(SequenceNode, None, start_event.implicit)
        node = SequenceNode(tag, [], start_event.start_mark, None, flow_style=start_event.flow_style)
        if anchor is not None:
            self.anchors[anchor] = node
        index = 0
        while not self.check_event(SequenceEndEvent):
            anchors, aliases = len(self.anchors), self.aliases
            item = self.compose_node(node, index)
            if isinstance(item, (MappingNode, SequenceNode)) and len(self.anchors) == anchors and self.aliases == aliases:
                item = _Built(self._build(item), item)
            node.value.append(item)
            index += 1
        end_event = self.get_event()
        node.end_mark = end_event.end_mark
        return node

    def _build(self, node):
        """The value of ``node`` (which holds no anchor and no alias), built now, its nodes not kept."""
        kept = self.constructed_objects
        self.constructed_objects = {}
        try:
            return self.construct_object(node, deep=True)
        finally:
            self.constructed_objects = kept

