package dev.sesame.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Known-answer checks of every primitive the JDK provides to us, run once at start: if a
 * provider is broken or swapped, Sesame refuses to run instead of running insecurely.
 * Takes a few milliseconds. The vectors are the RFCs' own.
 */
public final class CryptoSelfTest {
    private static final HexFormat HEX = HexFormat.of();

    private CryptoSelfTest() {}

    /** @throws IllegalStateException naming the primitive that gave a wrong answer */
    public static void run() {
        check("SHA-256 (FIPS 180-4)", MessageDigest.isEqual(Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII)),
                hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
        check("HMAC-SHA256 (RFC 4231 case 2)", MessageDigest.isEqual(
                Hmac.raw("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)),
                hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")));
        check("HKDF-SHA256 (RFC 5869 A.1)", MessageDigest.isEqual(
                Hkdf.deriveRaw(hex("000102030405060708090a0b0c"), hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                        hex("f0f1f2f3f4f5f6f7f8f9"), 42),
                hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")));
        check("X25519 (RFC 7748 5.2)", MessageDigest.isEqual(
                X25519KeyPair.agreeRawOrNull(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")),
                hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")));
        checkChaCha20Poly1305();
        checkMlKemRoundTrip();
    }

    private static void checkChaCha20Poly1305() {
        byte[] key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = hex("070000004041424344454647");
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] expected = hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                + "3ff4def08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691");
        try {
            byte[] sealed = MessageCipher.insecureRawCipher(Cipher.ENCRYPT_MODE, key, nonce, plaintext, aad);
            check("ChaCha20-Poly1305 seal (RFC 8439 2.8.2)", MessageDigest.isEqual(sealed, expected));
            byte[] opened = MessageCipher.insecureRawCipher(Cipher.DECRYPT_MODE, key, nonce, expected, aad);
            check("ChaCha20-Poly1305 open (RFC 8439 2.8.2)", MessageDigest.isEqual(opened, plaintext));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("crypto self-test failed: ChaCha20-Poly1305 rejected the RFC 8439 vector", e);
        }
        byte[] tampered = expected.clone();
        tampered[0] ^= 1;
        try {
            MessageCipher.insecureRawCipher(Cipher.DECRYPT_MODE, key, nonce, tampered, aad);
            throw new IllegalStateException("crypto self-test failed: ChaCha20-Poly1305 accepted a tampered ciphertext");
        } catch (AEADBadTagException expectedFailure) {
            // correct: the tag caught the flipped bit
        }
    }

    private static void checkMlKemRoundTrip() {
        SecureRandom random = new SecureRandom();
        MlKem768.DecapsulationKey receiver = MlKem768.generate(random);
        try {
            MlKem768.Encapsulation sent = MlKem768.encapsulate(receiver.encodedPublicKey(), random);
            try (Secret a = sent.sharedSecret(); Secret b = receiver.decapsulate(sent.ciphertext())) {
                check("ML-KEM-768 round trip", a.contentEquals(b));
            }
        } catch (CryptoException e) {
            throw new IllegalStateException("crypto self-test failed: ML-KEM-768 round trip", e);
        }
    }

    private static void check(String what, boolean ok) {
        if (!ok) throw new IllegalStateException("crypto self-test failed: " + what + " gave a wrong answer");
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }
}
