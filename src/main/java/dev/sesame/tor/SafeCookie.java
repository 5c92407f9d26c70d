package dev.sesame.tor;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SAFECOOKIE proofs (control-spec §3.24 AUTHCHALLENGE): both sides prove they know the
 * cookie without sending it, so a process that only pretends to be tor on the control port
 * learns nothing it could replay to the real one. The keys are public constants; the secret is
 * the cookie inside the message. Pure.
 */
final class SafeCookie {
    private static final byte[] SERVER_KEY = "Tor safe cookie authentication server-to-controller hash".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_KEY = "Tor safe cookie authentication controller-to-server hash".getBytes(StandardCharsets.US_ASCII);
    static final int NONCE_BYTES = 32;

    private SafeCookie() {}

    /** What tor must send as SERVERHASH. */
    static byte[] serverHash(byte[] cookie, byte[] clientNonce, byte[] serverNonce) {
        return hmac(SERVER_KEY, cookie, clientNonce, serverNonce);
    }

    /** What we send in AUTHENTICATE. */
    static byte[] clientHash(byte[] cookie, byte[] clientNonce, byte[] serverNonce) {
        return hmac(CLIENT_KEY, cookie, clientNonce, serverNonce);
    }

    /** Constant-time: a wrong proof is refused without saying how wrong. */
    static boolean serverHashMatches(byte[] cookie, byte[] clientNonce, byte[] serverNonce, byte[] claimed) {
        return MessageDigest.isEqual(serverHash(cookie, clientNonce, serverNonce), claimed);
    }

    private static byte[] hmac(byte[] key, byte[] cookie, byte[] clientNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(cookie);
            mac.update(clientNonce);
            mac.update(serverNonce);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new AssertionError("HmacSHA256 with a constant key cannot fail", e);
        }
    }
}
