package dev.sesame.ratchet;

/**
 * Which way a record travels on a link. Its byte is part of every record's associated data,
 * so a record sent back to its own sender can never authenticate there.
 */
enum Direction {
    INITIATOR_TO_RESPONDER((byte) 0x01),
    RESPONDER_TO_INITIATOR((byte) 0x02);

    private final byte value;

    Direction(byte value) {
        this.value = value;
    }

    Direction opposite() {
        return this == INITIATOR_TO_RESPONDER ? RESPONDER_TO_INITIATOR : INITIATOR_TO_RESPONDER;
    }

    byte value() {
        return value;
    }

    /** The AEAD associated data of one record: {@code session AD || direction || encoded header}. */
    byte[] associatedData(byte[] sessionData, byte[] encodedHeader) {
        byte[] aad = new byte[sessionData.length + 1 + encodedHeader.length];
        System.arraycopy(sessionData, 0, aad, 0, sessionData.length);
        aad[sessionData.length] = value;
        System.arraycopy(encodedHeader, 0, aad, sessionData.length + 1, encodedHeader.length);
        return aad;
    }
}
