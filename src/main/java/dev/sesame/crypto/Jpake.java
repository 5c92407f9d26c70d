package dev.sesame.crypto;

import dev.sesame.util.ByteReader;
import dev.sesame.util.ByteWriter;
import dev.sesame.util.MalformedInputException;
import java.lang.reflect.Constructor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKECurve;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKECurves;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKEParticipant;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound1Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound2Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound3Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECSchnorrZKP;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One run of EC J-PAKE (RFC 8236) on P-256 with BouncyCastle's {@link ECJPAKEParticipant}:
 * all the mathematics and every validation are BouncyCastle's; this class only drives the
 * rounds in order and moves the payloads to and from bytes with strict bounds.
 *
 * <p>Call order (a fresh object per attempt): {@link #round1()}, {@link #receiveRound1},
 * {@link #round2()}, {@link #receiveRound2}, {@link #round3()}, {@link #receiveRound3}, then
 * {@link #sharedKey()}. A call out of order throws {@link IllegalStateException}.
 *
 * <p>The password is the 32-byte phrase key, given to BouncyCastle as 64 hex characters (its
 * API takes {@code char[]}); our copy is zeroed at once, BouncyCastle keeps the value as a
 * {@code BigInteger} for the life of this object ({@code docs/SECURITY.md}).
 *
 * <p>Security guarantees: a wrong phrase on either side fails {@link #receiveRound3}; the
 * participant ids must differ (a node cannot run J-PAKE with itself). Not thread-safe.
 */
public final class Jpake {
    private static final ECJPAKECurve CURVE = ECJPAKECurves.NIST_P256;
    private static final int MAX_ID_BYTES = 64;
    private static final int MAX_POINT_BYTES = 65; // uncompressed P-256
    private static final int MAX_SCALAR_BYTES = 33; // a value below the group order, signed
    /** BouncyCastle has no public constructor for a received Schnorr proof (see class docs). */
    private static final Constructor<ECSchnorrZKP> ZKP_CONSTRUCTOR = zkpConstructor();

    private enum State { NEW, ROUND1_SENT, ROUND1_RECEIVED, ROUND2_SENT, ROUND2_RECEIVED, ROUND3_SENT, DONE }

    private final ECJPAKEParticipant participant;
    private State state = State.NEW;
    private BigInteger keyingMaterial;

    public Jpake(String ownId, Secret phraseKey, SecureRandom random) {
        char[] password = phraseKey.withBytes(Jpake::lowerHex);
        try {
            this.participant = new ECJPAKEParticipant(ownId, password, CURVE, new SHA256Digest(), random);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /**
     * Lower-case hex straight into a {@code char[]} (what {@code HexFormat.formatHex} gives, but
     * without an immutable {@code String} copy of the phrase key left on the heap per handshake).
     */
    static char[] lowerHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return out;
    }

    public byte[] round1() {
        step(State.NEW, State.ROUND1_SENT);
        ECJPAKERound1Payload p = participant.createRound1PayloadToSend();
        ByteWriter w = new ByteWriter().utf8Var8(p.getParticipantId());
        point(w, p.getGx1());
        point(w, p.getGx2());
        zkp(w, p.getKnowledgeProofForX1());
        zkp(w, p.getKnowledgeProofForX2());
        return w.toByteArray();
    }

    public void receiveRound1(byte[] payload) throws CryptoException {
        step(State.ROUND1_SENT, State.ROUND1_RECEIVED);
        try {
            ByteReader r = new ByteReader(payload);
            ECJPAKERound1Payload p = new ECJPAKERound1Payload(id(r), point(r), point(r), zkp(r), zkp(r));
            r.end();
            participant.validateRound1PayloadReceived(p);
        } catch (MalformedInputException | IllegalArgumentException e) {
            throw new CryptoException("J-PAKE round 1 is malformed", e);
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new CryptoException("J-PAKE round 1 failed validation", e);
        }
    }

    public byte[] round2() {
        step(State.ROUND1_RECEIVED, State.ROUND2_SENT);
        ECJPAKERound2Payload p = participant.createRound2PayloadToSend();
        ByteWriter w = new ByteWriter().utf8Var8(p.getParticipantId());
        point(w, p.getA());
        zkp(w, p.getKnowledgeProofForX2s());
        return w.toByteArray();
    }

    public void receiveRound2(byte[] payload) throws CryptoException {
        step(State.ROUND2_SENT, State.ROUND2_RECEIVED);
        try {
            ByteReader r = new ByteReader(payload);
            ECJPAKERound2Payload p = new ECJPAKERound2Payload(id(r), point(r), zkp(r));
            r.end();
            participant.validateRound2PayloadReceived(p);
        } catch (MalformedInputException | IllegalArgumentException e) {
            throw new CryptoException("J-PAKE round 2 is malformed", e);
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new CryptoException("J-PAKE round 2 failed validation", e);
        }
        keyingMaterial = participant.calculateKeyingMaterial();
    }

    public byte[] round3() {
        step(State.ROUND2_RECEIVED, State.ROUND3_SENT);
        ECJPAKERound3Payload p = participant.createRound3PayloadToSend(keyingMaterial);
        ByteWriter w = new ByteWriter().utf8Var8(p.getParticipantId());
        scalar(w, p.getMacTag());
        return w.toByteArray();
    }

    /** Fails when the other side used another phrase (or the exchange was tampered with). */
    public void receiveRound3(byte[] payload) throws CryptoException {
        step(State.ROUND3_SENT, State.DONE);
        try {
            ByteReader r = new ByteReader(payload);
            ECJPAKERound3Payload p = new ECJPAKERound3Payload(id(r), signedScalar(r));
            r.end();
            participant.validateRound3PayloadReceived(p, keyingMaterial);
        } catch (MalformedInputException | IllegalArgumentException e) {
            throw new CryptoException("J-PAKE round 3 is malformed", e);
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new CryptoException("J-PAKE key confirmation failed (different phrase?)", e);
        }
    }

    /** The agreed key: the keying material as 32 big-endian bytes. Only after round 3. */
    public Secret sharedKey() {
        if (state != State.DONE) throw new IllegalStateException("J-PAKE not finished: " + state);
        byte[] raw = keyingMaterial.toByteArray();
        byte[] fixed = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, fixed, 32 - n, n);
        java.util.Arrays.fill(raw, (byte) 0);
        return Secret.copyAndWipe(fixed);
    }

    private void step(State expected, State next) {
        if (state != expected) throw new IllegalStateException("J-PAKE call out of order: in " + state + ", expected " + expected);
        state = next;
    }

    private static String id(ByteReader r) throws MalformedInputException {
        byte[] bytes = r.var8(MAX_ID_BYTES, "participant id");
        for (byte b : bytes) {
            if (b < 0x21 || b > 0x7e) throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, "participant id is not printable ASCII");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void point(ByteWriter w, ECPoint p) {
        w.var8(p.getEncoded(false));
    }

    private static ECPoint point(ByteReader r) throws MalformedInputException {
        byte[] encoded = r.var8(MAX_POINT_BYTES, "EC point");
        // Only the uncompressed form: one encoding per point, so no bit of a payload is free.
        if (encoded.length != MAX_POINT_BYTES || encoded[0] != 0x04) {
            throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, "EC point is not uncompressed");
        }
        // decodePoint checks that the point is on the curve; BC's validation checks the rest.
        return CURVE.getCurve().decodePoint(encoded);
    }

    private static void scalar(ByteWriter w, BigInteger value) {
        w.var8(value.toByteArray());
    }

    private static BigInteger scalar(ByteReader r) throws MalformedInputException {
        BigInteger value = signedScalar(r);
        if (value.signum() < 0) throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, "negative scalar");
        return value;
    }

    /** BouncyCastle turns the round-3 MAC into a signed BigInteger, so it may be negative. */
    private static BigInteger signedScalar(ByteReader r) throws MalformedInputException {
        byte[] bytes = r.var8(MAX_SCALAR_BYTES, "scalar");
        if (bytes.length == 0) throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, "empty scalar");
        BigInteger value = new BigInteger(bytes);
        // Canonical two's complement only (as BigInteger.toByteArray writes it).
        if (!java.util.Arrays.equals(value.toByteArray(), bytes)) {
            throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, "scalar is not canonical");
        }
        return value;
    }

    private static void zkp(ByteWriter w, ECSchnorrZKP proof) {
        point(w, proof.getV());
        scalar(w, proof.getr());
    }

    private static ECSchnorrZKP zkp(ByteReader r) throws MalformedInputException {
        ECPoint v = point(r);
        BigInteger s = scalar(r);
        try {
            return ZKP_CONSTRUCTOR.newInstance(v, s);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("BouncyCastle's ECSchnorrZKP constructor changed", e);
        }
    }

    private static Constructor<ECSchnorrZKP> zkpConstructor() {
        try {
            Constructor<ECSchnorrZKP> c = ECSchnorrZKP.class.getDeclaredConstructor(ECPoint.class, BigInteger.class);
            c.setAccessible(true); // a value holder: no validation is bypassed, BC validates on receipt
            return c;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("BouncyCastle's ECSchnorrZKP constructor changed", e);
        }
    }
}
