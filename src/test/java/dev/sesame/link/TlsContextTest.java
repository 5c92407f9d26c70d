package dev.sesame.link;

import dev.sesame.transport.TcpTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS is 1.3 only, mutual, and accepts one valid self-signed Ed25519 certificate and nothing else. */
class TlsContextTest {
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static X509Certificate certificate(String algorithm, String signer, String subject, String issuer,
                                               Instant from, Instant to, KeyPair subjectKeys, KeyPair issuerKeys) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.TEN, Date.from(from), Date.from(to), new X500Name(subject), subjectKeys.getPublic())
                .build(new JcaContentSignerBuilder(signer).build(issuerKeys.getPrivate())));
    }

    @Test
    void acceptsOurOwnKindOfCertificate() {
        Identity identity = Identity.generate(random);
        org.assertj.core.api.Assertions.assertThatCode(() ->
                SelfSignedTrustManager.check(new X509Certificate[] {identity.certificate()})).doesNotThrowAnyException();
    }

    @Test
    void refusesOtherKeysChainsExpiredAndForeignSignatures() throws Exception {
        Instant now = Instant.now();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        X509Certificate rsaCert = certificate("RSA", "SHA256withRSA", "CN=peer", "CN=peer", now.minusSeconds(60),
                now.plusSeconds(600), rsa, rsa);
        X509Certificate expired = certificate("Ed25519", "Ed25519", "CN=peer", "CN=peer", now.minusSeconds(600),
                now.minusSeconds(60), ed, ed);
        X509Certificate signedByAnother = certificate("Ed25519", "Ed25519", "CN=peer", "CN=peer", now.minusSeconds(60),
                now.plusSeconds(600), ed, other);
        X509Certificate notSelfIssued = certificate("Ed25519", "Ed25519", "CN=peer", "CN=ca", now.minusSeconds(60),
                now.plusSeconds(600), ed, ed);
        X509Certificate good = Identity.generate(random).certificate();
        for (X509Certificate[] chain : new X509Certificate[][] {{rsaCert}, {expired}, {signedByAnother}, {notSelfIssued},
                {good, good}, {}}) {
            assertThatThrownBy(() -> SelfSignedTrustManager.check(chain)).isInstanceOf(CertificateException.class);
        }
    }

    @Test
    void bothSidesGetTheSameExporterAndEachOthersId() throws Exception {
        Identity server = Identity.generate(random);
        Identity client = Identity.generate(random);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<TlsChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return TlsChannel.open(new TlsContext(server, random), TcpTransport.pipe(listener.accept()), false, Duration.ofSeconds(10), timer);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TlsChannel dialled = TlsChannel.open(new TlsContext(client, random),
                    TcpTransport.pipe(new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())), true, Duration.ofSeconds(10), timer);
            TlsChannel other = accepted.get(10, TimeUnit.SECONDS);
            assertThat(dialled.exporter()).isEqualTo(other.exporter()).hasSize(32);
            assertThat(dialled.remotePeerId()).isEqualTo(server.peerId());
            assertThat(other.remotePeerId()).isEqualTo(client.peerId());
            dialled.close();
            other.close();
        }
    }

    @Test
    void aTls12ClientOrOneWithoutACertificateIsRefused() throws Exception {
        Identity server = Identity.generate(random);
        for (String[] protocols : new String[][] {{"TLSv1.2"}, {"TLSv1.3"}}) {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Object> accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return TlsChannel.open(new TlsContext(server, random), TcpTransport.pipe(listener.accept()), false, Duration.ofSeconds(10), timer);
                    } catch (HandshakeException e) {
                        return e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                // A default JDK client: no client certificate, trusts nobody of ours.
                SSLContext plain = SSLContext.getInstance("TLS");
                plain.init(null, new javax.net.ssl.TrustManager[] {new SelfSignedTrustManager()}, random);
                try (SSLSocket socket = (SSLSocket) plain.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                        listener.getLocalPort())) {
                    socket.setEnabledProtocols(protocols);
                    socket.setSoTimeout(10_000);
                    try {
                        socket.startHandshake();
                        socket.getInputStream().read(); // TLS 1.3 reports a missing client certificate here
                    } catch (java.io.IOException expected) {
                        // refused
                    }
                }
                Object result = accepted.get(15, TimeUnit.SECONDS);
                assertThat(result).as("protocols %s", String.join(",", protocols)).isInstanceOf(HandshakeException.class);
                assertThat(((HandshakeException) result).reason()).isEqualTo(HandshakeException.Reason.TLS_FAILED);
            }
        }
    }
}
