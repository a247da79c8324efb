"""Reports as published → stored text with a page map → passages → tags → candidate facts → review (DESIGN.md
contract 10). Each module has one job; ``candidates`` holds the file format the ingest writes and the review reads."""
