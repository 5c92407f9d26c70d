package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Hashes;
import dev.sesame.crypto.Secret;
import dev.sesame.ratchet.RatchetException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PeerId dialerId = randomId();
    private final PeerId listenerId = randomId();

    static PeerId randomId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return new PeerId(id);
    }

    static Secret key(String phrase) {
        return Secret.copyAndWipe(Hashes.sha256(phrase.getBytes(StandardCharsets.UTF_8)));
    }

    /** The outcome of one side. */
    record Outcome(Handshake.Result result, HandshakeException failure) {
        boolean ok() {
            return result != null;
        }

        HandshakeException.Reason reason() {
            return failure == null ? null : failure.reason();
        }
    }

    private static Outcome[] run(MemoryChannel dialer, MemoryChannel listener, String dialerPhrase, String listenerPhrase,
                                 PeerId dialerId, PeerId listenerId) throws Exception {
        CompletableFuture<Outcome> d = side(dialer, HandshakeRole.DIALER, dialerId, 9001, dialerPhrase);
        CompletableFuture<Outcome> l = side(listener, HandshakeRole.LISTENER, listenerId, 9002, listenerPhrase);
        return new Outcome[] {d.get(30, TimeUnit.SECONDS), l.get(30, TimeUnit.SECONDS)};
    }

    static java.util.List<dev.sesame.wire.Endpoint> endpointsAt(int port) {
        return java.util.List.of(new dev.sesame.wire.Endpoint.Direct(new dev.sesame.wire.HostPort("0.0.0.0", port)));
    }

    private static CompletableFuture<Outcome> side(MemoryChannel channel, HandshakeRole role, PeerId own, int port, String phrase) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Secret key = key(phrase)) {
                outcome.complete(new Outcome(new Handshake(channel, role, own, endpointsAt(port), TrafficShape.defaults(), key, RANDOM).run(), null));
            } catch (HandshakeException e) {
                channel.close(); // as the Connector does: the other side must not wait forever
                outcome.complete(new Outcome(null, e));
            } catch (Throwable t) {
                channel.close();
                outcome.completeExceptionally(t);
            }
        });
        return outcome;
    }

    private Outcome[] runWithTap(BiFunction<Integer, byte[], byte[]> dialerToListener) throws Exception {
        byte[] exporter = new byte[32];
        RANDOM.nextBytes(exporter);
        MemoryChannel[] pair = MemoryChannel.pair(dialerId, listenerId, exporter, exporter);
        pair[0].filterOutput(out -> new HandshakeTap(out, dialerToListener));
        return run(pair[0], pair[1], "phrase", "phrase", dialerId, listenerId);
    }

    @Test
    void samePhraseAuthenticatesBothSidesAndStartsMatchingRatchets() throws Exception {
        Outcome[] o = runWithTap((i, m) -> m);
        assertThat(o[0].ok()).isTrue();
        assertThat(o[1].ok()).isTrue();
        Handshake.Result dialer = o[0].result();
        Handshake.Result listener = o[1].result();
        assertThat(dialer.peerId()).isEqualTo(listenerId);
        assertThat(listener.peerId()).isEqualTo(dialerId);
        assertThat(dialer.peerEndpoints()).isEqualTo(endpointsAt(9002));
        assertThat(listener.peerEndpoints()).isEqualTo(endpointsAt(9001));
        assertThat(dialer.safetyMaterial()).isEqualTo(listener.safetyMaterial());
        byte[] record = dialer.ratchet().encrypt("first".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(listener.ratchet().decrypt(record), StandardCharsets.UTF_8)).isEqualTo("first");
        byte[] reply = listener.ratchet().encrypt("reply".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(dialer.ratchet().decrypt(reply), StandardCharsets.UTF_8)).isEqualTo("reply");
        dialer.ratchet().close();
        listener.ratchet().close();
    }

    @Test
    void everyHandshakeHasItsOwnSafetyNumber() throws Exception {
        Outcome[] first = runWithTap((i, m) -> m);
        Outcome[] second = runWithTap((i, m) -> m);
        assertThat(first[0].result().safetyMaterial()).isNotEqualTo(second[0].result().safetyMaterial());
    }

    @Test
    void differentPhrasesFailAtKeyConfirmationOnBothSides() throws Exception {
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(dialerId, listenerId, exporter, exporter);
        Outcome[] o = run(pair[0], pair[1], "open sesame", "open barley", dialerId, listenerId);
        assertThat(o[0].reason()).isEqualTo(HandshakeException.Reason.WRONG_PHRASE);
        assertThat(o[1].reason()).isEqualTo(HandshakeException.Reason.WRONG_PHRASE);
    }

    /**
     * A man in the middle who terminates TLS on both sides and relays every handshake byte:
     * each side's TLS session is with him, so the exporters differ and CONFIRM fails, even though
     * the phrases match and J-PAKE itself succeeded end to end.
     */
    @Test
    void relayedHandshakeOverTwoTlsSessionsFailsAtConfirm() throws Exception {
        byte[] exporterWithDialer = new byte[32];
        byte[] exporterWithListener = new byte[32];
        RANDOM.nextBytes(exporterWithDialer);
        RANDOM.nextBytes(exporterWithListener);
        PeerId mitmTowardDialer = randomId();
        PeerId mitmTowardListener = randomId();
        // The dialer's TLS peer is the MITM's first certificate; the listener's, his second.
        BytePipe dialerToMitm = new BytePipe();
        BytePipe mitmToDialer = new BytePipe();
        MemoryChannel dialer = new MemoryChannel(mitmToDialer, dialerToMitm, exporterWithDialer, mitmTowardDialer);
        MemoryChannel listener = new MemoryChannel(dialerToMitm, mitmToDialer, exporterWithListener, mitmTowardListener);
        Outcome[] o = run(dialer, listener, "phrase", "phrase", dialerId, listenerId);
        assertThat(o[0].reason()).isEqualTo(HandshakeException.Reason.CONFIRM_FAILED);
        assertThat(o[1].reason()).isEqualTo(HandshakeException.Reason.CONFIRM_FAILED);
    }

    @Test
    void confirmFromAnotherHandshakeIsRejected() throws Exception {
        List<byte[]> firstRun = new ArrayList<>();
        Outcome[] first = runWithTap((i, m) -> {
            firstRun.add(m);
            return m;
        });
        assertThat(first[1].ok()).isTrue();
        byte[] oldConfirm = firstRun.get(3);
        Outcome[] replayed = runWithTap((i, m) -> i == 3 ? oldConfirm : m);
        assertThat(replayed[1].reason()).isEqualTo(HandshakeException.Reason.CONFIRM_FAILED);
    }

    @Test
    void downgradedVersionIsRejected() throws Exception {
        Outcome[] o = runWithTap((i, m) -> {
            if (i != 0) return m;
            byte[] changed = m.clone();
            changed[1] = 0; // HELLO: type, version, ...
            return changed;
        });
        assertThat(o[1].reason()).isEqualTo(HandshakeException.Reason.UNSUPPORTED_VERSION);
        assertThat(o[0].ok()).isFalse();
    }

    @Test
    void claimingTheWrongRoleIsRejected() throws Exception {
        Outcome[] o = runWithTap((i, m) -> {
            if (i != 0) return m;
            byte[] changed = m.clone();
            changed[2] = (byte) HandshakeRole.LISTENER.wire;
            return changed;
        });
        assertThat(o[1].reason()).isEqualTo(HandshakeException.Reason.PROTOCOL);
    }

    @Test
    void aChangedListenPortBreaksTheTranscriptOnBothSides() throws Exception {
        Outcome[] o = runWithTap((i, m) -> {
            if (i != 0) return m;
            byte[] changed = m.clone();
            changed[4] ^= 1; // HELLO listen port, low byte
            return changed;
        });
        assertThat(o[0].reason()).isEqualTo(HandshakeException.Reason.CONFIRM_FAILED);
        assertThat(o[1].reason()).isEqualTo(HandshakeException.Reason.CONFIRM_FAILED);
    }

    @Test
    void connectingToOurselvesIsRejectedBeforeAnythingIsSent() throws Exception {
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(dialerId, dialerId, exporter, exporter);
        try (Secret key = key("phrase")) {
            var failure = org.assertj.core.api.Assertions.catchThrowableOfType(HandshakeException.class,
                    () -> new Handshake(pair[0], HandshakeRole.DIALER, dialerId, endpointsAt(1), TrafficShape.defaults(), key, RANDOM).run());
            assertThat(failure.reason()).isEqualTo(HandshakeException.Reason.SELF_CONNECTION);
        }
        pair[0].close();
        assertThat(pair[1].input().read()).isEqualTo(-1); // nothing was written
    }

    /**
     * Flipping one bit in any byte of any handshake message the dialer sends never lets the
     * listener finish: every change is caught by parsing, J-PAKE, key agreement or CONFIRM.
     */
    @Test
    void aFlippedBitAnywhereInTheDialersHandshakeIsAlwaysRejected() throws Exception {
        List<byte[]> messages = new ArrayList<>();
        runWithTap((i, m) -> {
            messages.add(m);
            return m;
        });
        for (int message = 0; message < messages.size(); message++) {
            int length = messages.get(message).length;
            for (int position = 0; position < length; position++) {
                int target = message;
                int at = position;
                boolean[] flipped = {false};
                Outcome[] o = runWithTap((i, m) -> {
                    // J-PAKE scalars vary by a byte between runs, so a message may be shorter this time.
                    if (i != target || at >= m.length) return m;
                    flipped[0] = true;
                    byte[] changed = m.clone();
                    changed[at] ^= (byte) (1 << (at % 8));
                    return changed;
                });
                if (flipped[0]) assertThat(o[1].ok()).as("message %d byte %d", message, position).isFalse();
            }
        }
    }

    @Test
    void aRecordBeforeTheHandshakeEndsIsAProtocolViolation() throws Exception {
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(dialerId, listenerId, exporter, exporter);
        pair[0].output().write(dev.sesame.wire.CellCodec.encode(new dev.sesame.wire.Cell(
                dev.sesame.wire.Cell.Type.RECORD, true, new byte[10])));
        CompletableFuture<Outcome> l = side(pair[1], HandshakeRole.LISTENER, listenerId, 1, "phrase");
        Outcome outcome = l.get(10, TimeUnit.SECONDS);
        assertThat(outcome.reason()).isEqualTo(HandshakeException.Reason.PROTOCOL);
        assertThat(outcome.failure().code().code()).isEqualTo("unexpected");
    }

    @Test
    void ratchetFromOneHandshakeCannotReadAnother() throws Exception {
        Outcome[] a = runWithTap((i, m) -> m);
        Outcome[] b = runWithTap((i, m) -> m);
        byte[] record = a[0].result().ratchet().encrypt(new byte[] {1});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b[1].result().ratchet().decrypt(record))
                .isInstanceOf(RatchetException.class);
    }
}
