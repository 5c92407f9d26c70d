package dev.sesame.link;

import dev.sesame.crypto.Hkdf;
import dev.sesame.crypto.Secret;

/**
 * The link's key schedule (protocol-notes §5):
 * {@code secret = HKDF-Extract(salt = TLS exporter, ikm = pake_key || x25519_shared || mlkem_shared)},
 * then one HKDF-Expand per purpose with info {@code "sesame/v1/<purpose>" || transcript_hash}.
 *
 * <p>Security guarantees: every output depends on the phrase (through J-PAKE), on this TLS
 * session (through the exporter, so a man in the middle running two TLS sessions gets two
 * different schedules), on both classical and post-quantum key agreement, and on every
 * handshake byte (through the transcript hash). Takes ownership of the exporter array and
 * copies the key material; {@link #close()} zeroes both.
 */
final class KeySchedule implements AutoCloseable {
    static final int KEY_BYTES = 32;

    private final byte[] exporter;
    private final byte[] transcriptHash;
    private final Secret inputKeyMaterial;

    KeySchedule(byte[] exporter, Secret pakeKey, Secret x25519Shared, Secret mlKemShared, byte[] transcriptHash) {
        this.exporter = exporter; // ours now: zeroed by close()
        this.transcriptHash = transcriptHash.clone();
        this.inputKeyMaterial = Secret.concat(pakeKey, x25519Shared, mlKemShared);
    }

    Secret confirmKey(HandshakeRole role) {
        return derive(role == HandshakeRole.DIALER ? "confirm-dialer" : "confirm-listener");
    }

    Secret ratchetRootKey() {
        return derive("ratchet-root");
    }

    /** Bound into every ratchet record's AAD: public, but unique to this link and session. */
    byte[] associatedData() {
        return Hkdf.derivePublic(exporter, inputKeyMaterial, "sesame/v1/associated-data", transcriptHash, KEY_BYTES);
    }

    /** Material for the safety number both people compare out of band (not a key: it is shown). */
    byte[] safetyMaterial() {
        return Hkdf.derivePublic(exporter, inputKeyMaterial, "sesame/v1/safety-number", transcriptHash, KEY_BYTES);
    }

    private Secret derive(String purpose) {
        return Hkdf.derive(exporter, inputKeyMaterial, "sesame/v1/" + purpose, transcriptHash, KEY_BYTES);
    }

    @Override
    public void close() {
        inputKeyMaterial.close();
        java.util.Arrays.fill(exporter, (byte) 0);
    }
}
