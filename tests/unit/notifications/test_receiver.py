"""The test receiver counts a request cut off mid-body as never arrived (a killed sender)."""

import asyncio

from tests.support.receiver import Receiver


async def _send_and_vanish(port: int, head: bytes) -> None:
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def test_a_request_whose_sender_dies_mid_body_is_not_received():
    answered: list[bytes] = []

    async def note(request) -> int:
        answered.append(request.body)
        return 204

    async with Receiver(note) as receiver:
        head = (b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 40\r\n\r\n{"id": ')  # fmt: skip
        await _send_and_vanish(receiver.port, head)
        for _ in range(200):
            if receiver.cut_off:
                break
            await asyncio.sleep(0.01)

    assert receiver.cut_off == 1
    assert receiver.received == []
    assert answered == []
