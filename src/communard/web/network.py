"""The address students type, and its QR code for phones and tablets.

Bound to 0.0.0.0 the server listens on every network of the teacher's machine;
students need the machine's address on the classroom network, not "0.0.0.0".
It is read from the machine's own interfaces and host name; no packet is sent.
"""

from __future__ import annotations

import ipaddress
import socket
import sys


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def _linux_interfaces() -> list[str]:
    """IPv4 addresses of this machine's interfaces (Linux, through an ioctl)."""
    if not sys.platform.startswith("linux"):
        return []
    import fcntl
    import struct

    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(sock.fileno(), 0x8915,  # SIOCGIFADDR
                                     struct.pack("256s", name[:15].encode()))
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _host_name_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that other machines can reach, private ones first."""
    seen: list[str] = []
    for address in _linux_interfaces() + _host_name_addresses():
        if _usable(address) and address not in seen:
            seen.append(address)
    return sorted(seen, key=lambda a: not ipaddress.ip_address(a).is_private)


def student_url(host: str, port: int) -> str:
    """The address to give students for a server bound to `host`."""
    if host in ("0.0.0.0", ""):
        addresses = lan_addresses()
        host = addresses[0] if addresses else socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def qr_text(url: str, colour: bool = False) -> str:
    """The URL as a QR code in block characters, two modules per character cell.

    With `colour`, every cell sets both its colours (black on white), so the code
    reads the same on a dark or a light terminal; without, it is plain text for a
    file or a pipe, drawn for a dark background.
    """
    import segno

    rows = [list(row) for row in segno.make(url, error="m").matrix_iter(border=4)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        if colour:
            lines.append("".join(_ANSI_CELL[(bool(t), bool(b))]
                                 for t, b in zip(top, bottom, strict=True)) + "\x1b[0m")
        else:
            lines.append("".join(_PLAIN_CELL[(bool(t), bool(b))]
                                 for t, b in zip(top, bottom, strict=True)))
    return "\n".join(lines) + "\n"


# (top dark, bottom dark) -> one character cell. Plain: light modules are drawn.
_PLAIN_CELL = {(False, False): "█", (False, True): "▀", (True, False): "▄", (True, True): " "}
_BLACK, _WHITE = "0;0;0", "255;255;255"
_ANSI_CELL = {(t, b): f"\x1b[38;2;{_BLACK if t else _WHITE}m\x1b[48;2;{_BLACK if b else _WHITE}m▀"
              for t in (False, True) for b in (False, True)}
