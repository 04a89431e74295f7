"""Placeholder CLI, replaced by the real one."""


def main() -> int:
    return 0
