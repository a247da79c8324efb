"""Strings of issue 18, item 7 (what the user reads): readable citations, Korean notes on uploaded files, plain
messages for broken links, strategy wording, layout hints. Same ``key: (ko, en)`` pattern as ``ui/strings.py``."""

UI_STRINGS: dict[str, tuple[str, str]] = {
    "and_more": (" 외 {n}건", " and {n} more"),
    "shared_bad_plain": (
        "공유 링크가 잘렸거나 손상되어 열 수 없으니, 보낸 사람에게 링크 전체를 다시 받아 열어 주세요.",
        "This share link is cut short or damaged and cannot be opened — ask the sender for the whole link again.",
    ),
}
