"""DNS over TCP for the tests (RFC 7766 framing: a two-octet length before each message)."""
import struct

import dns.message


def recv_exact(sock, n):
    """Reads exactly n octets, or raises EOFError when the peer closes first."""
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def read_wire(sock):
    """One framed message's wire form."""
    (length,) = struct.unpack("!H", recv_exact(sock, 2))
    return recv_exact(sock, length)


def read_message(sock):
    return dns.message.from_wire(read_wire(sock))


def framed(query):
    """A dnspython message, or wire octets, with its length prefix."""
    wire = query if isinstance(query, (bytes, bytearray)) else query.to_wire()
    return struct.pack("!H", len(wire)) + wire
