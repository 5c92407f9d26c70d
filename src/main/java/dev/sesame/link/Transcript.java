package dev.sesame.link;

import dev.sesame.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * SHA-256 over everything that defines a handshake: a domain label, the protocol version, both
 * PeerIds as each side's TLS layer saw them (dialer first), both roles, and every handshake
 * message byte for byte, each prefixed with its length, dialer's before listener's in each
 * flight. Both sides therefore hash the same bytes in the same order whatever the arrival order.
 * Not thread-safe.
 */
final class Transcript {
    private final MessageDigest digest = Hashes.newSha256();

    Transcript(int version, PeerId dialer, PeerId listener) {
        digest.update("sesame/v1/transcript".getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) version);
        digest.update(dialer.bytes());
        digest.update(listener.bytes());
        digest.update((byte) HandshakeRole.DIALER.wire);
        digest.update((byte) HandshakeRole.LISTENER.wire);
    }

    /** Adds one flight: the dialer's message, then the listener's. */
    void addFlight(byte[] fromDialer, byte[] fromListener) {
        add(fromDialer);
        add(fromListener);
    }

    private void add(byte[] message) {
        int n = message.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(message);
    }

    byte[] hash() {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("the JDK's SHA-256 can be cloned", e);
        }
    }
}
