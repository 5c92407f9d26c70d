package dev.sesame.bench;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * X25519 as the ratchet uses it, from the JDK's provider and from BouncyCastle's lightweight
 * {@code rfc7748.X25519}: one agreement (scalar times a peer's point) and one key generation
 * (scalar times the base point). The ratchet's DH step costs one generation and two agreements
 * on the receiving side. Run with {@code scripts/bench X25519Benchmark}; not a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
@State(Scope.Thread)
public class X25519Benchmark {
    private final SecureRandom random = new SecureRandom();
    private byte[] scalar;
    private byte[] peerU;

    @Setup
    public void setUp() {
        scalar = new byte[X25519.SCALAR_SIZE];
        random.nextBytes(scalar);
        byte[] other = new byte[X25519.SCALAR_SIZE];
        random.nextBytes(other);
        peerU = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(other, 0, peerU, 0);
    }

    @Benchmark
    public byte[] jdkAgree() throws Exception {
        KeyFactory factory = KeyFactory.getInstance("X25519");
        PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) bigEndian[i] = peerU[31 - i];
        PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(priv);
        agreement.doPhase(pub, true);
        return agreement.generateSecret();
    }

    @Benchmark
    public Object jdkGenerate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
        generator.initialize(NamedParameterSpec.X25519, random);
        return generator.generateKeyPair();
    }

    @Benchmark
    public byte[] bouncyCastleAgree() {
        byte[] shared = new byte[X25519.POINT_SIZE];
        X25519.calculateAgreement(scalar, 0, peerU, 0, shared, 0);
        return shared;
    }

    @Benchmark
    public byte[] bouncyCastleGenerate() {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        byte[] u = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(k, 0, u, 0);
        return u;
    }
}
