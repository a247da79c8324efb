"""Strings of issue 18, item 7 (what the user reads): readable citations, Korean notes on uploaded files, plain
messages for broken links, strategy wording, layout hints. Same ``key: (ko, en)`` pattern as ``ui/strings.py``."""

UI_STRINGS: dict[str, tuple[str, str]] = {
    "and_more": (" 외 {n}건", " and {n} more"),
    "weights_elsewhere": (
        "가중치({preset})는 이 화면의 내용을 바꾸지 않습니다. 기업 맞춤 추천·일괄 스크리닝·기회 탐색 화면에서 조정하세요.",
        "The weights ({preset}) change nothing on this page; set them on the recommendation, screening or explore pages.",
    ),
    "shared_bad_plain": (
        "공유 링크가 잘렸거나 손상되어 열 수 없으니, 보낸 사람에게 링크 전체를 다시 받아 열어 주세요.",
        "This share link is cut short or damaged and cannot be opened — ask the sender for the whole link again.",
    ),
}
