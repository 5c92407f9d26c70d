package dev.sesame.link;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * This node's identity for one run: an Ed25519 key pair and a self-signed X.509 certificate,
 * made in memory at start and never written anywhere. The certificate has a random serial, a
 * neutral subject and the same fixed validity for everyone (2000-01-01 to 9999-12-31, RFC
 * 5280's "no expiry"), so it carries nothing that tells one Sesame node or start time from
 * another, and a long run never outlives its certificate.
 * {@link PeerId} is the SHA-256 of its DER encoding.
 *
 * <p>The Ed25519 private key is a JDK object: the TLS stack needs it as a {@code PrivateKey},
 * so it cannot live in locked memory ({@code docs/SECURITY.md}). It only signs TLS handshakes.
 */
public final class Identity {
    static final String SUBJECT = "CN=peer";
    private static final Instant NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("9999-12-31T23:59:59Z");

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final PeerId peerId;

    private Identity(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        try {
            this.peerId = PeerId.ofCertificate(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new AssertionError("a certificate we just built encodes", e);
        }
    }

    public static Identity generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name(SUBJECT);
            BigInteger serial = new BigInteger(127, random).setBit(126); // positive, 16 bytes
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(NOT_BEFORE), Date.from(NOT_AFTER), subject, pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
            return new Identity(pair, certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new AssertionError("Ed25519 certificates are supported by the JDK and BouncyCastle", e);
        }
    }

    public PeerId peerId() {
        return peerId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    @Override
    public String toString() {
        return "Identity[" + peerId.fingerprint() + "]";
    }
}
